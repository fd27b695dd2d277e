import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Notion's webhook signature: `X-Notion-Signature: sha256=<hex HMAC-SHA256 of the raw body>` under
 * the subscription's `verification_token` (the token Notion sends once, when the subscription is
 * created).
 *
 * @example
 * ```ts
 * const { headers } = await notionScheme.sign({ body: new TextEncoder().encode("{}"), secret: "secret_…" });
 * headers["X-Notion-Signature"]; // "sha256=…"
 * ```
 */
export const notionScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/notion",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Notion-Signature",
  prefix: "sha256=",
  missingHint: "Notion signs events once the subscription is verified with its verification_token.",
});
