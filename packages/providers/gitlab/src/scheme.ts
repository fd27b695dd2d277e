import { type SignatureScheme, sharedSecretScheme } from "@hookwire/core";
import { standardWebhooksSchemeWith } from "@hookwire/standard-webhooks";

const PACKAGE = "@hookwire/gitlab";

/**
 * GitLab's secret token: `X-Gitlab-Token` carries the webhook's secret token as is, compared in
 * constant time. It authenticates the sender but does not sign the body.
 *
 * @example
 * ```ts
 * const matched = await gitlabTokenScheme.verify(request, [process.env.GITLAB_WEBHOOK_TOKEN!]);
 * ```
 */
export const gitlabTokenScheme: SignatureScheme = sharedSecretScheme({
  packageName: PACKAGE,
  transport: { kind: "header", header: "X-Gitlab-Token" },
});

/**
 * GitLab's signed webhooks (a signing token, `whsec_…`): Standard Webhooks' `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`, keyed
 * with the base64 bytes after `whsec_`, the timestamp within 5 minutes.
 *
 * @example
 * ```ts
 * const matched = await gitlabSigningScheme.verify(request, [process.env.GITLAB_WEBHOOK_SIGNING_TOKEN!]);
 * ```
 */
export const gitlabSigningScheme: SignatureScheme = standardWebhooksSchemeWith();
