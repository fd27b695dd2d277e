import { hmacScheme, type SignatureScheme, utf8, WebhookError, type WebhookRequest } from "@hookwire/core";

const PACKAGE = "@hookwire/square";

/** The notification URL: the one registered on the subscription, or a function of the request. */
export type NotificationUrl = string | ((request: WebhookRequest) => string);

const mac = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "base64",
  header: "x-square-hmacsha256-signature",
  content: ({ url, body }) => [utf8(url), body],
  missingHint: "Square signs every notification with the subscription's signature key.",
});

/**
 * Square's signature for a given notification URL: `x-square-hmacsha256-signature: <base64
 * HMAC-SHA256 of notification URL + raw body>` under the subscription's signature key. Square signs
 * the URL exactly as registered on the subscription, so behind a proxy give it here rather than
 * relying on the URL the request arrived at (the default). Given a function, `sign` needs the `url`
 * to sign for (it refuses without one: there is no request to ask the function).
 *
 * @example
 * ```ts
 * const scheme = squareSchemeWith("https://example.com/webhooks/square");
 * ```
 */
export function squareSchemeWith(notificationUrl?: NotificationUrl): SignatureScheme {
  if (notificationUrl === undefined) return mac;
  return {
    verify(request, secrets) {
      const url = typeof notificationUrl === "function" ? notificationUrl(request) : notificationUrl;
      return mac.verify({ ...request, url }, secrets);
    },
    sign(input) {
      const url = input.url ?? (typeof notificationUrl === "string" ? notificationUrl : undefined);
      if (url === undefined) {
        // a function names the URL per request, and signing has no request to ask: an empty URL
        // would give a signature no receiver of the real notification URL accepts
        return Promise.reject(
          new WebhookError(
            "CONFIGURATION_INVALID",
            `[${PACKAGE}] squareSchemeWith(function) cannot sign without a url: pass { url } (the notification URL registered on the Square subscription).`,
          ),
        );
      }
      return mac.sign({ ...input, url });
    },
  };
}

/**
 * Square's signature over the URL the request arrived at: `squareTestRequest` and the CLI sign with
 * it (the URL they send to is the one signed).
 *
 * @example
 * ```ts
 * const { headers } = await squareScheme.sign({ body, secret: "signature-key", url: "https://webhook.site/webhooks" });
 * headers["x-square-hmacsha256-signature"]; // base64
 * ```
 */
export const squareScheme: SignatureScheme = mac;
