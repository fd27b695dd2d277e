import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Lemon Squeezy's signature: `X-Signature: <hex HMAC-SHA256 of the raw body>` under the webhook's
 * signing secret (set when the webhook is created).
 *
 * @example
 * ```ts
 * const { headers } = await lemonSqueezyScheme.sign({ body: new TextEncoder().encode("{}"), secret: "s3cret" });
 * headers["X-Signature"]; // 64 hex digits
 * ```
 */
export const lemonSqueezyScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/lemon-squeezy",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Signature",
  missingHint: "Set a signing secret on the Lemon Squeezy webhook.",
});
