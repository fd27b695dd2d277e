import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Razorpay's webhook signature: `X-Razorpay-Signature: <hex HMAC-SHA256 of the raw body>` under the
 * webhook secret set in the Dashboard (the same computation as `validateWebhookSignature` of the
 * `razorpay` package).
 *
 * @example
 * ```ts
 * const { headers } = await razorpayScheme.sign({ body: new TextEncoder().encode("{}"), secret: "s3cret" });
 * headers["X-Razorpay-Signature"]; // 64 hex digits
 * ```
 */
export const razorpayScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/razorpay",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Razorpay-Signature",
  missingHint: "Set a secret on the Razorpay webhook (Dashboard → Accounts & Settings → Webhooks).",
});
