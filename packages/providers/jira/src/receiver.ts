import {
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  requireStringField,
  type SecretInput,
  type VerifiedParts,
  type WebhookRequest,
} from "@hookwire/core";
import type { JiraEvents } from "./events.js";
import { jiraScheme } from "./scheme.js";

const PACKAGE = "@hookwire/jira";

/** Options of {@link jira}. */
export interface JiraOptions {
  /**
   * The secret set on the admin webhook (Jira signs only webhooks that have one). A list accepts
   * any of them while you change it; a function looks it up per request (several sites).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
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
  return defineSignedReceiver<JiraEvents, "jira">({
    provider: "jira",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: jiraScheme,
    parse,
  });
}

/** After the signature check: the event name, the payload and the delivery identifier. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const name = requireStringField(payload, "webhookEvent", PACKAGE);
  const header = (key: string) => {
    const value = request.headers.get(key)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const retry = header("x-atlassian-webhook-retry");
  return {
    type: name,
    id: header("x-atlassian-webhook-identifier"),
    payload,
    meta: {
      retry: retry === undefined ? 0 : Number.parseInt(retry, 10) || 0,
      flow: header("x-atlassian-webhook-flow"),
    },
  };
}
