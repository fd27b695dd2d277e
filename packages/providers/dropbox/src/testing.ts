import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { dropbox } from "./receiver.js";
import { dropboxScheme } from "./scheme.js";

/**
 * The `X-Dropbox-Signature` value Dropbox sends for a body.
 *
 * @example
 * ```ts
 * await dropboxSignature('{"list_folder":{"accounts":["dbid:1"]}}', "app-secret"); // 64 hex characters
 * ```
 */
export async function dropboxSignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await dropboxScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
  });
  return headers["X-Dropbox-Signature"]!;
}

/**
 * A correctly signed Dropbox notification `Request` — for your own tests. An object payload is
 * sent as JSON.
 *
 * @example
 * ```ts
 * import { dropboxTestRequest } from "@hookwire/dropbox/testing";
 * const request = await dropboxTestRequest({ secret: "app-secret", payload: { list_folder: { accounts: ["dbid:AAH4"] } } });
 * ```
 */
export function dropboxTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(dropboxScheme, input, {
    url: "https://example.com/webhooks/dropbox",
    headers: { "user-agent": "DropboxWebhooks/1.0" },
  });
}

/**
 * Dropbox for the `hookwire` CLI and other tools: sign, send and listen with the app secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/dropbox/testing";
 * const request = await descriptor.sign({ secret: "app-secret", payload: { list_folder: { accounts: ["dbid:1"] } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "dropbox",
  packageName: "@hookwire/dropbox",
  sign: dropboxTestRequest,
  receiver: (secret) => dropbox({ secret }),
  example: {
    payload: {
      list_folder: {
        accounts: ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", "dbid:AAHbw-yD3RWnAX71LS1iYHUw6Ztz2eo8cQg"],
      },
      delta: { users: [12345, 23456] },
    },
  },
};
