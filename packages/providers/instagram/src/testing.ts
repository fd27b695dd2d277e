import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { instagram } from "./receiver.js";
import { instagramScheme } from "./scheme.js";

/**
 * The `X-Hub-Signature-256` value Meta sends for a body: `sha256=` + hex HMAC-SHA256 under the App Secret.
 *
 * @example
 * ```ts
 * await instagramSignature('{"object":"instagram","entry":[]}', appSecret) // "sha256=…"
 * ```
 */
export async function instagramSignature(body: string | Uint8Array, appSecret: string): Promise<string> {
  const { headers } = await instagramScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret: appSecret,
  });
  return headers["X-Hub-Signature-256"]!;
}

/**
 * A correctly signed Meta webhook `Request` — for your own tests. `secret` is the App Secret; an
 * object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { instagramTestRequest } from "@hookwire/instagram/testing";
 * const request = await instagramTestRequest({ secret: appSecret, payload: { object: "instagram", entry: [{ id: "1", time: 0, changes: [{ field: "mentions", value: { media_id: "2" } }] }] } });
 * ```
 */
export function instagramTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(instagramScheme, input, { url: "https://example.com/webhooks/instagram" });
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

/**
 * A receiver from the CLI's single secret: `<app secret>:<verify token>`, or the app secret alone
 * (then also the verify token).
 */
function listenReceiver(secret: string) {
  const colon = secret.indexOf(":");
  return colon < 0
    ? instagram({ appSecret: secret, verifyToken: secret })
    : instagram({ appSecret: secret.slice(0, colon), verifyToken: secret.slice(colon + 1) });
}

/**
 * Instagram and the other Meta webhooks (also named `meta`) for the `hookwire` CLI and other tools:
 * sign and send with the App Secret; listen with `<app secret>:<verify token>` (the token answers
 * the GET subscription handshake).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/instagram/testing";
 * const request = await descriptor.sign({ secret: appSecret, payload: { object: "instagram", entry: [] } });
 * const receiver = descriptor.receiver(`${appSecret}:${verifyToken}`);
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "instagram",
  aliases: ["meta"],
  packageName: "@hookwire/instagram",
  sign: instagramTestRequest,
  receiver: listenReceiver,
  secretIs: "the app secret (listen: <app secret>:<verify token>)",
  example: {
    payload: {
      object: "instagram",
      entry: [
        {
          id: "17841405822304914",
          time: 1520622968,
          changes: [
            {
              field: "comments",
              value: {
                from: { id: "232323232", username: "test" },
                media: { id: "123123123", media_product_type: "FEED" },
                id: "17865799348089039",
                parent_id: "1231231234",
                text: "This is an example. ✨",
              },
            },
          ],
        },
      ],
    },
  },
};
