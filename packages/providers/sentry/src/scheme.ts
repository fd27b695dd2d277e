import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Sentry's integration-platform signature: `Sentry-Hook-Signature: <hex HMAC-SHA256 of the raw
 * body>` under the integration's client secret.
 *
 * @example
 * ```ts
 * const { headers } = await sentryScheme.sign({ body: new TextEncoder().encode("{}"), secret: "client-secret" });
 * headers["Sentry-Hook-Signature"]; // 64 hex digits
 * ```
 */
export const sentryScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/sentry",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "Sentry-Hook-Signature",
  missingHint: "Sentry signs integration webhooks with the integration's client secret.",
});
