import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Dropbox's signature: `X-Dropbox-Signature: <hex HMAC-SHA256 of the raw body>` under the app
 * secret. The receiver, `dropboxTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await dropboxScheme.sign({ body: new TextEncoder().encode("{}"), secret: "app-secret" });
 * headers["X-Dropbox-Signature"]; // 64 hex characters
 * ```
 */
export const dropboxScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/dropbox",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Dropbox-Signature",
});
