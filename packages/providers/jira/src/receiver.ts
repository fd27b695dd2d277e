import {
  defineSignedJsonReceiver,
  optionalHeader,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { JiraEvents } from "./events.js";
import { jiraScheme } from "./scheme.js";

const PACKAGE = "@hookwire/jira";

/** Options of {@link jira}. */
export interface JiraOptions extends SignedReceiverOptions {
  /**
   * The secret set on the admin webhook (Jira signs only webhooks that have one). A list accepts
   * any of them while you change it; a function looks it up per request (several sites).
   */
  secret: SecretInput;
}

/** The Jira receiver type. */
export type JiraReceiver = Receiver<JiraEvents, "jira">;

/**
 * A receiver for Jira Cloud admin webhooks (Settings → System → WebHooks, or the REST API) created
 * with a secret.
 *
 * Verifies `X-Hub-Signature` (`sha256=` + hex HMAC-SHA256 of the raw body) against every
 * configured secret. The event type is the body's `webhookEvent` as Jira names it
 * (`jira:issue_created`, `comment_created`); the id is `X-Atlassian-Webhook-Identifier`, the same on
 * Jira's retries, so an idempotency store drops them.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { jira } from "@hookwire/jira";
 *
 * const hooks = createWebhooks({ receivers: { jira: jira({ secret: process.env.JIRA_WEBHOOK_SECRET! }) } });
 * hooks.on("jira", "jira:issue_created", async (event) => {
 *   console.log(`${event.payload.issue.key}: ${event.payload.issue.fields.summary}`);
 * });
 * ```
 */
export function jira(options: JiraOptions): JiraReceiver {
  return defineSignedJsonReceiver<JiraEvents, "jira">({
    provider: "jira",
    packageName: PACKAGE,
    options,
    scheme: jiraScheme,
    type: "webhookEvent",
    id: { header: "x-atlassian-webhook-identifier" },
    meta: (_body, request) => {
      const retry = optionalHeader(request, "x-atlassian-webhook-retry");
      return {
        retry: retry === undefined ? 0 : Number.parseInt(retry, 10) || 0,
        flow: optionalHeader(request, "x-atlassian-webhook-flow"),
      };
    },
  });
}
