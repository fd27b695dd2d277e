import {
  isPayloadObject,
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  testRequest,
  utf8,
} from "@hookwire/core";
import { linear } from "./receiver.js";
import { linearScheme } from "./scheme.js";

/**
 * The `Linear-Signature` value Linear sends for a body.
 *
 * @example
 * ```ts
 * await linearSignature('{"type":"Issue","webhookTimestamp":1700000000000}', "lin_wh_secret"); // 64 hex digits
 * ```
 */
export async function linearSignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await linearScheme.sign({ body: typeof body === "string" ? utf8(body) : body, secret });
  return headers["Linear-Signature"]!;
}

/**
 * A correctly signed Linear webhook `Request`, as Linear would send it — for your own tests. An
 * object payload gets `webhookTimestamp` (from `timestamp`, in seconds, default now — it replaces
 * the payload's own) and `type` from `event` when it has none; a string or bytes payload is sent as
 * it is.
 *
 * @example
 * ```ts
 * import { linearTestRequest } from "@hookwire/linear/testing";
 * const request = await linearTestRequest({ secret: "lin_wh_secret", payload: { type: "Issue", action: "create", data: { id: "1" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function linearTestRequest(input: TestRequestInput): Promise<Request> {
  let payload = input.payload;
  if (isPayloadObject(payload)) {
    payload = {
      ...(input.event === undefined ? {} : { type: input.event }),
      ...payload,
      webhookTimestamp: Math.round((input.timestamp ?? Date.now() / 1000) * 1000),
    };
  }
  const type = isPayloadObject(payload) && typeof payload.type === "string" ? payload.type : input.event;
  return testRequest(linearScheme, input, {
    url: "https://example.com/webhooks/linear",
    body: testBody(payload),
    headers: {
      "user-agent": "Linear-Webhook",
      "linear-delivery": input.id ?? crypto.randomUUID(),
      ...(type === undefined ? {} : { "linear-event": type }),
    },
  });
}

/**
 * Linear for the `hookwire` CLI and other tools: sign, send and listen with a webhook signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/linear/testing";
 * const request = await descriptor.sign({ secret: "lin_wh_secret", event: "Issue", payload: { action: "create", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "linear",
  packageName: "@hookwire/linear",
  sign: linearTestRequest,
  receiver: (secret) => linear({ secret }),
  eventOption: "the body's type when the payload has none (Issue, Comment…)",
};
