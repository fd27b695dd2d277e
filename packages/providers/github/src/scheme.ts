import { hmacScheme, type SignatureScheme } from "@hookwire/core";

const PACKAGE = "@hookwire/github";

/**
 * GitHub's signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` under the
 * webhook secret. The receiver, `githubTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await githubScheme.sign({ body: new TextEncoder().encode("Hello, World!"), secret: "It's a Secret to Everybody" });
 * headers["X-Hub-Signature-256"]; // "sha256=757107ea…"
 * ```
 */
export const githubScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Hub-Signature-256",
  prefix: "sha256=",
  missingHint: "Set a secret on the GitHub webhook.",
});

/**
 * The legacy `X-Hub-Signature: sha1=<hex HMAC-SHA1>` of old GitHub Enterprise Server versions
 * (used only with `legacySha1: true`, when `X-Hub-Signature-256` is absent).
 *
 * @example
 * ```ts
 * const { headers } = await githubSha1Scheme.sign({ body, secret });
 * ```
 */
export const githubSha1Scheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-1",
  encoding: "hex",
  header: "X-Hub-Signature",
  prefix: "sha1=",
  missingHint: "Set a secret on the GitHub webhook.",
});
