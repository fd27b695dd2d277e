import { hmacScheme, type SignatureScheme } from "@hookwire/core";

const PACKAGE = "@hookwire/instagram";
const HINT = "Meta signs every webhook with the App Secret.";

/**
 * Meta's signature (Instagram, Facebook Pages, Messenger, WhatsApp): `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the raw body>` under the App Secret. The receiver,
 * `instagramTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await instagramScheme.sign({ body: new TextEncoder().encode('{"object":"instagram","entry":[]}'), secret: appSecret });
 * headers["X-Hub-Signature-256"]; // "sha256=…"
 * ```
 */
export const instagramScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Hub-Signature-256",
  prefix: "sha256=",
  missingHint: HINT,
});

/**
 * Meta's legacy `X-Hub-Signature: sha1=<hex HMAC-SHA1>` — or the bare hex that ASP.NET WebHooks'
 * Instagram receiver read — used only with `legacySha1: true`, when `X-Hub-Signature-256` is absent.
 *
 * @example
 * ```ts
 * const { headers } = await instagramSha1Scheme.sign({ body, secret: appSecret }); // "sha1=…"
 * ```
 */
export const instagramSha1Scheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-1",
  encoding: "hex",
  header: "X-Hub-Signature",
  parse: (value) => ({ signatures: [value.startsWith("sha1=") ? value.slice(5) : value] }),
  format: (signatures) => `sha1=${signatures[0]}`,
  missingHint: HINT,
});
