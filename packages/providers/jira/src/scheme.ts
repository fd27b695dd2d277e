import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * The signature of Jira admin webhooks created with a secret: `X-Hub-Signature: sha256=<hex
 * HMAC-SHA256 of the raw body>` (the WebSub convention Atlassian follows).
 *
 * @example
 * ```ts
 * const { headers } = await jiraScheme.sign({ body: new TextEncoder().encode("{}"), secret: "secret" });
 * headers["X-Hub-Signature"]; // "sha256=…"
 * ```
 */
export const jiraScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/jira",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Hub-Signature",
  prefix: "sha256=",
  missingHint:
    "Set a secret on the Jira webhook (Settings → System → WebHooks → Secret); Jira signs only webhooks that have one.",
});
