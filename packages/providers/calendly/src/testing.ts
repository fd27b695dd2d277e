import {
  isPayloadObject,
  type ProviderDescriptor,
  type TestRequestInput,
  testRequest,
  utf8,
} from "@hookwire/core";
import { calendly } from "./receiver.js";
import { calendlyScheme } from "./scheme.js";

/**
 * The `Calendly-Webhook-Signature` value Calendly sends for a body at a time (seconds, default now).
 *
 * @example
 * ```ts
 * await calendlySignature('{"event":"invitee.created"}', "signing-key", 1700000000); // "t=1700000000,v1=…"
 * ```
 */
export async function calendlySignature(
  body: string | Uint8Array,
  secret: string,
  timestamp?: number,
): Promise<string> {
  const { headers } = await calendlyScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  return headers["Calendly-Webhook-Signature"]!;
}

/**
 * A correctly signed Calendly webhook `Request`, as Calendly would send it — for your own tests. An
 * object payload without `event` gets it from `event` (default `invitee.created`); a string or bytes
 * payload is sent as it is.
 *
 * @example
 * ```ts
 * import { calendlyTestRequest } from "@hookwire/calendly/testing";
 * const request = await calendlyTestRequest({ secret: "signing-key", payload: { payload: { uri: "https://api.calendly.com/…/invitees/1" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function calendlyTestRequest(input: TestRequestInput): Promise<Request> {
  const payload = isPayloadObject(input.payload)
    ? { event: input.event ?? "invitee.created", ...input.payload }
    : input.payload;
  return testRequest(calendlyScheme, { ...input, payload }, { url: "https://example.com/webhooks/calendly" });
}

/**
 * Calendly for the `hookwire` CLI and other tools: sign, send and listen with a signing key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/calendly/testing";
 * const request = await descriptor.sign({ secret: "signing-key", event: "invitee.created", payload: { payload: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "calendly",
  packageName: "@hookwire/calendly",
  sign: calendlyTestRequest,
  receiver: (secret) => calendly({ secret }),
  eventOption: "the body's event when the payload has none (invitee.created…)",
  secretIs: "the webhook subscription's signing_key",
};
