import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Trello's signature: `X-Trello-Webhook: <base64 HMAC-SHA1 of the raw body followed by the
 * callback URL>` under the app secret (URL-safe base64 is accepted too, as ASP.NET WebHooks did).
 * The URL signed is the request's: to verify against the registered callbackURL, give the scheme a
 * request whose `url` is that URL (the receiver's `callbackUrl` option does). The receiver,
 * `trelloTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await trelloScheme.sign({ body, secret: "app-secret", url: "https://your.app/webhooks/trello" });
 * headers["X-Trello-Webhook"]; // base64, 28 characters
 * ```
 */
export const trelloScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/trello",
  algorithm: "SHA-1",
  encoding: "base64",
  header: "X-Trello-Webhook",
  content: ({ body, url }) => [body, url],
});
