import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Linear's signature: `Linear-Signature: <hex HMAC-SHA256 of the raw body>` under the webhook's
 * signing secret. The signed timestamp is inside the body (`webhookTimestamp`, milliseconds): the
 * receiver checks it after the signature matches.
 *
 * @example
 * ```ts
 * const { headers } = await linearScheme.sign({ body: new TextEncoder().encode('{"type":"Issue"}'), secret: "lin_wh_…" });
 * headers["Linear-Signature"]; // 64 hex digits
 * ```
 */
export const linearScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/linear",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "Linear-Signature",
  missingHint: "Linear signs every webhook: copy the signing secret from the webhook's settings.",
});
