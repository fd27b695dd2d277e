import {
  isPayloadObject,
  type ProviderDescriptor,
  type TestRequestInput,
  testRequest,
  utf8,
} from "@hookwire/core";
import { notion } from "./receiver.js";
import { notionScheme } from "./scheme.js";

/**
 * The `X-Notion-Signature` value Notion sends for a body.
 *
 * @example
 * ```ts
 * await notionSignature('{"type":"page.created"}', "secret_token"); // "sha256=…"
 * ```
 */
export async function notionSignature(body: string | Uint8Array, token: string): Promise<string> {
  const { headers } = await notionScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret: token,
  });
  return headers["X-Notion-Signature"]!;
}

/**
 * A correctly signed Notion event `Request`, as Notion would send it — for your own tests. An object
 * payload without `type`, `id` or `timestamp` gets them from `event` (default `page.created`), `id`
 * and `timestamp`; a string or bytes payload is sent as it is. `secret` is the verification token.
 *
 * @example
 * ```ts
 * import { notionTestRequest } from "@hookwire/notion/testing";
 * const request = await notionTestRequest({ secret: "secret_token", event: "page.created", payload: { entity: { id: "p1", type: "page" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function notionTestRequest(input: TestRequestInput): Promise<Request> {
  const payload = isPayloadObject(input.payload)
    ? {
        id: input.id ?? crypto.randomUUID(),
        timestamp: new Date((input.timestamp ?? Date.now() / 1000) * 1000).toISOString(),
        type: input.event ?? "page.created",
        ...input.payload,
      }
    : input.payload;
  return testRequest(notionScheme, { ...input, payload }, { url: "https://example.com/webhooks/notion" });
}

/**
 * The unsigned request Notion sends once when a subscription is created, carrying its
 * `verification_token`.
 *
 * @example
 * ```ts
 * const response = await hooks.handle(notionVerificationRequest("secret_token"));
 * ```
 */
export function notionVerificationRequest(
  token: string,
  url = "https://example.com/webhooks/notion",
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ verification_token: token }),
  });
}

/**
 * Notion for the `hookwire` CLI and other tools: sign, send and listen with a verification token.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/notion/testing";
 * const request = await descriptor.sign({ secret: "secret_token", event: "page.created", payload: { entity: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "notion",
  packageName: "@hookwire/notion",
  sign: notionTestRequest,
  receiver: (secret) => notion({ secret }),
  eventOption: "the body's type when the payload has none (page.created…)",
  secretIs: "the subscription's verification_token",
};
