import { hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `X-Hub-Signature-256` value Meta sends for a body: `sha256=` + hex HMAC-SHA256 under the App Secret.
 *
 * @example
 * ```ts
 * await instagramSignature('{"object":"instagram","entry":[]}', appSecret) // "sha256=…"
 * ```
 */
export async function instagramSignature(body: string | Uint8Array, appSecret: string): Promise<string> {
  return `sha256=${await hmacString("SHA-256", appSecret, body, "hex")}`;
}

/**
 * A correctly signed Meta webhook `Request` — for your own tests. `secret` is the App Secret; an
 * object payload is sent as JSON.
 *
 * @example
 * ```ts
 * const request = await instagramTestRequest({ secret: appSecret, payload: { object: "instagram", entry: [{ id: "1", time: 0, changes: [{ field: "mentions", value: { media_id: "2" } }] }] } });
 * ```
 */
export async function instagramTestRequest(input: TestRequestInput): Promise<Request> {
  const body = testBody(input.payload);
  return new Request(input.url ?? "https://example.com/webhooks/instagram", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await instagramSignature(body, input.secret),
      ...input.headers,
    },
  });
}

/**
 * The same as {@link instagramTestRequest}, named for Facebook, Messenger and WhatsApp tests.
 *
 * @example
 * ```ts
 * const request = await metaTestRequest({ secret: appSecret, payload: { object: "page", entry: [] }, url: "https://example.com/webhooks/meta" });
 * ```
 */
export const metaTestRequest: typeof instagramTestRequest = instagramTestRequest;
