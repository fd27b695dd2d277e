import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Typeform's webhook signature: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`
 * under the webhook's secret.
 *
 * @example
 * ```ts
 * const { headers } = await typeformScheme.sign({ body: new TextEncoder().encode("{}"), secret: "secret" });
 * headers["Typeform-Signature"]; // "sha256=…"
 * ```
 */
export const typeformScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/typeform",
  algorithm: "SHA-256",
  encoding: "base64",
  header: "Typeform-Signature",
  prefix: "sha256=",
  missingHint: "Set a secret on the Typeform webhook (Connect → Webhooks → Edit, or the Webhooks API).",
});
