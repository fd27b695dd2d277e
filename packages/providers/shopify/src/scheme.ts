import { hmacScheme, type SignatureScheme } from "@hookwire/core";

const PACKAGE = "@hookwire/shopify";
const HINT = "Shopify signs every HTTPS delivery with the app's client secret.";

/**
 * Shopify's webhook signature: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>` under
 * the app's client secret (API secret key).
 *
 * @example
 * ```ts
 * const { headers } = await shopifyWebhookScheme.sign({ body: new TextEncoder().encode("{}"), secret: "shpss_…" });
 * headers["X-Shopify-Hmac-Sha256"]; // base64
 * ```
 */
export const shopifyWebhookScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "base64",
  header: "X-Shopify-Hmac-Sha256",
  missingHint: HINT,
});

/**
 * The same signature on Shopify "Events" deliveries, which name their headers in lower case without
 * the `X-` prefix (`shopify-hmac-sha256`, `shopify-topic`, …).
 *
 * @example
 * ```ts
 * const { headers } = await shopifyEventsScheme.sign({ body, secret });
 * headers["shopify-hmac-sha256"]; // base64
 * ```
 */
export const shopifyEventsScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "base64",
  header: "shopify-hmac-sha256",
  missingHint: HINT,
});

/**
 * The scheme the receiver verifies with: a request carrying `shopify-hmac-sha256` is an "Events"
 * delivery and is checked on that header (as `@shopify/shopify-api` decides), any other on
 * `X-Shopify-Hmac-Sha256`. It signs as a webhook delivery.
 *
 * @example
 * ```ts
 * const matched = await shopifyScheme.verify(request, [process.env.SHOPIFY_API_SECRET!]); // -1: no match
 * ```
 */
export const shopifyScheme: SignatureScheme = {
  verify: (request, secrets) =>
    (request.headers.get("shopify-hmac-sha256") === null ? shopifyWebhookScheme : shopifyEventsScheme).verify(
      request,
      secrets,
    ),
  sign: (input) => shopifyWebhookScheme.sign(input),
};
