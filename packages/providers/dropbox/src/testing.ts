import { hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `X-Dropbox-Signature` value Dropbox sends for a body.
 *
 * @example
 * ```ts
 * await dropboxSignature('{"list_folder":{"accounts":["dbid:1"]}}', "app-secret"); // 64 hex characters
 * ```
 */
export async function dropboxSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return hmacString("SHA-256", secret, body, "hex");
}

/**
 * A correctly signed Dropbox notification `Request` — for your own tests. An object payload is
 * sent as JSON.
 *
 * @example
 * ```ts
 * const request = await dropboxTestRequest({ secret: "app-secret", payload: { list_folder: { accounts: ["dbid:AAH4"] } } });
 * ```
 */
export async function dropboxTestRequest(input: TestRequestInput): Promise<Request> {
  const body = testBody(input.payload);
  return new Request(input.url ?? "https://example.com/webhooks/dropbox", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "user-agent": "DropboxWebhooks/1.0",
      "x-dropbox-signature": await dropboxSignature(body, input.secret),
      ...input.headers,
    },
  });
}
