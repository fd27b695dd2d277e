import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Vercel's webhook signature: `x-vercel-signature: <hex HMAC-SHA1 of the raw body>` under the
 * webhook's secret (account webhooks) or the integration's client secret (integration webhooks).
 *
 * @example
 * ```ts
 * const { headers } = await vercelScheme.sign({ body: new TextEncoder().encode("{}"), secret: "secret" });
 * headers["x-vercel-signature"]; // 40 hex digits
 * ```
 */
export const vercelScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/vercel",
  algorithm: "SHA-1",
  encoding: "hex",
  header: "x-vercel-signature",
  missingHint: "Vercel signs every webhook with the webhook's secret or the integration's client secret.",
});
