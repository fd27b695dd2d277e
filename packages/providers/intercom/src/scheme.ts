import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Intercom's webhook signature: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>` under the
 * app's client secret.
 *
 * @example
 * ```ts
 * const { headers } = await intercomScheme.sign({ body: new TextEncoder().encode("{}"), secret: "client-secret" });
 * headers["X-Hub-Signature"]; // "sha1=…"
 * ```
 */
export const intercomScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/intercom",
  algorithm: "SHA-1",
  encoding: "hex",
  header: "X-Hub-Signature",
  prefix: "sha1=",
  missingHint:
    "Intercom signs notifications with the app's client secret (Developer Hub → Basic information).",
});
