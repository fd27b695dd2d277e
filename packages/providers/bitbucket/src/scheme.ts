import {
  type CodeTransportOptions,
  hmacScheme,
  type SignatureScheme,
  sharedSecretScheme,
} from "@hookwire/core";

/**
 * Bitbucket Cloud's signature: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>` under
 * the webhook secret. The receiver, `bitbucketTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await bitbucketScheme.sign({ body: new TextEncoder().encode('{"push":{}}'), secret: "webhook-secret" });
 * headers["X-Hub-Signature"]; // "sha256=…"
 * ```
 */
export const bitbucketScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/bitbucket",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Hub-Signature",
  prefix: "sha256=",
  missingHint: "Set the same secret on the Bitbucket webhook.",
});

/**
 * ASP.NET WebHooks' `?code=<secret>` for Bitbucket webhooks created without a secret: a 32–128
 * character code in the URL, refused over plain http unless `allowHttp` (or `trustProxy` behind a
 * TLS-terminating proxy).
 *
 * @example
 * ```ts
 * const { url } = await bitbucketCodeScheme().sign({ body, secret: code, url: "https://example.com/webhooks/bitbucket" });
 * ```
 */
export function bitbucketCodeScheme(transport: CodeTransportOptions = {}): SignatureScheme {
  return sharedSecretScheme({
    packageName: "@hookwire/bitbucket",
    transport: { kind: "query" },
    ...transport,
  });
}
