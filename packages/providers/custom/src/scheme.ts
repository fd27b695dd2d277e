import { hmacScheme, type ParsedSignature, type SignatureScheme } from "@hookwire/core";

const PACKAGE = "@hookwire/custom";

/** `sha256=<hex>`, the `sha256` key in any case (ASP.NET compares it ignoring case). */
function parse(value: string): ParsedSignature | undefined {
  return value.slice(0, 7).toLowerCase() === "sha256=" ? { signatures: [value.slice(7)] } : undefined;
}

/**
 * ASP.NET WebHooks' signature: `ms-signature: sha256=<hex HMAC-SHA256 of the raw body>` under the
 * registration's secret (UTF-8). Signing writes the hex in upper case, as ASP.NET's sender does
 * (`WebHookManager.SignWebHookRequest` → `EncodingUtilities.ToHex`); verifying accepts hex in
 * either case and the `sha256` key in any case, as ASP.NET's receiver does. The `custom()` receiver,
 * `customTestRequest` and `@hookwire/sender`'s `signatureFormat: "ms-signature"` all use it.
 *
 * @example
 * ```ts
 * const { headers } = await msSignatureScheme.sign({ body: new TextEncoder().encode("{}"), secret: "12345678901234567890123456789012" });
 * headers["ms-signature"]; // "sha256=…" (upper-case hex)
 * ```
 */
export const msSignatureScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "hex",
  header: "ms-signature",
  parse,
  // one signature: ASP.NET senders sign with the registration's one secret
  format: (signatures) => `sha256=${signatures[0]!.toUpperCase()}`,
});
