import { type SignatureScheme, sharedSecretScheme } from "@hookwire/core";

/**
 * Postmark's authentication: Postmark signs nothing; the webhook URL carries HTTP Basic credentials
 * (`https://user:password@your.app/…`), which Postmark sends as `Authorization: Basic …`. Each
 * secret is `username:password`, compared in constant time.
 *
 * @example
 * ```ts
 * const matched = await postmarkScheme.verify(request, ["hookwire:" + process.env.POSTMARK_WEBHOOK_PASSWORD]);
 * ```
 */
export const postmarkScheme: SignatureScheme = sharedSecretScheme({
  packageName: "@hookwire/postmark",
  transport: { kind: "basic" },
});
