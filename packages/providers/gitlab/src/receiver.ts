import {
  assertSecretOption,
  type Clock,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type SignatureScheme,
  secretResolver,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import { standardWebhooksSchemeWith } from "@hookwire/standard-webhooks";
import type { GitLabEvents } from "./events.js";
import { gitlabSigningScheme, gitlabTokenScheme } from "./scheme.js";

const PACKAGE = "@hookwire/gitlab";

/** Options of {@link gitlab}: a secret token, a signing token, or both (then both are required). */
export interface GitLabOptions {
  /** The webhook's secret token, sent in `X-Gitlab-Token`; a list (rotation) or a function of the request. */
  token?: SecretInput;
  /**
   * The webhook's signing token (`whsec_…`) where GitLab signs webhooks (`webhook-signature`); a
   * list (rotation) or a function of the request. When set, unsigned requests are refused.
   */
  signingToken?: SecretInput;
  /** Seconds a signed `webhook-timestamp` may differ from now (default 300). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The GitLab receiver type. */
export type GitLabReceiver = Receiver<GitLabEvents, "gitlab">;

/**
 * A receiver for GitLab webhooks (project, group and system hooks).
 *
 * Authenticates with the secret token (`X-Gitlab-Token`, compared in constant time) and, where
 * the webhook has a signing token, the Standard Webhooks signature GitLab adds (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature` over id, timestamp and body, 5-minute window); each
 * configured one is required. The type is the body's `object_kind` (`push`, `merge_request`,
 * `note`, `pipeline`, `build`…), else its `event_name`; `X-Gitlab-Event` is `event.meta.event`.
 * The id is `Idempotency-Key` (stable across GitLab's retries), else `X-Gitlab-Event-UUID`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { gitlab } from "@hookwire/gitlab";
 *
 * const hooks = createWebhooks({ receivers: { gitlab: gitlab({ token: process.env.GITLAB_WEBHOOK_TOKEN! }) } });
 * hooks.on("gitlab", "merge_request", (event) => {
 *   console.log(event.payload.object_attributes.action, event.payload.object_attributes.title);
 * });
 * ```
 */
export function gitlab(options: GitLabOptions): GitLabReceiver {
  const token = options?.token;
  const signingToken = options?.signingToken;
  if (token === undefined && signingToken === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Neither a token nor a signingToken is configured. Pass { token: process.env.GITLAB_WEBHOOK_TOKEN } (the webhook's secret token), { signingToken: "whsec_…" }, or both.`,
    );
  }
  const checks: Array<{ scheme: SignatureScheme; secrets: ReturnType<typeof secretResolver>; what: string }> =
    [];
  if (signingToken !== undefined) {
    assertSecretOption(signingToken, PACKAGE, "signingToken");
    const scheme =
      options.toleranceSeconds === undefined && options.now === undefined
        ? gitlabSigningScheme
        : standardWebhooksSchemeWith({
            ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
            ...(options.now === undefined ? {} : { now: options.now }),
          });
    checks.push({
      scheme,
      secrets: secretResolver(signingToken, PACKAGE, "signingToken"),
      what: "The webhook-signature does not match the body under the signing token.",
    });
  }
  if (token !== undefined) {
    assertSecretOption(token, PACKAGE, "token");
    checks.push({
      scheme: gitlabTokenScheme,
      secrets: secretResolver(token, PACKAGE, "token"),
      what: "The X-Gitlab-Token does not match the secret token.",
    });
  }
  return defineReceiver<GitLabEvents, "gitlab">({
    provider: "gitlab",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      for (const check of checks) {
        const secrets = await check.secrets(request);
        if ((await check.scheme.verify(request, secrets)) < 0) {
          throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] ${check.what}`);
        }
      }
      return parse(request);
    },
  });
}

/** `Merge Request Hook` → `merge_request`: the name when the body names no kind. */
function fromHeader(event: string): string {
  return event
    .trim()
    .replace(/\s+hook$/i, "")
    .toLowerCase()
    .replace(/\s+/g, "_");
}

/** After authentication: the type, the id and the payload. */
function parse(request: WebhookRequest): VerifiedParts {
  const event = request.headers.get("x-gitlab-event");
  if (event === null || event.trim() === "") {
    throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The X-Gitlab-Event header is missing.`);
  }
  const payload = parseJsonObject(request.body, PACKAGE);
  const kind =
    typeof payload.object_kind === "string" && payload.object_kind !== "" ? payload.object_kind : undefined;
  const name =
    typeof payload.event_name === "string" && payload.event_name !== "" ? payload.event_name : undefined;
  const id =
    request.headers.get("idempotency-key") ??
    request.headers.get("x-gitlab-event-uuid") ??
    request.headers.get("webhook-id") ??
    undefined;
  return {
    type: kind ?? name ?? fromHeader(event),
    id,
    payload,
    meta: {
      event,
      eventUuid: request.headers.get("x-gitlab-event-uuid") ?? undefined,
      webhookUuid: request.headers.get("x-gitlab-webhook-uuid") ?? undefined,
      instance: request.headers.get("x-gitlab-instance") ?? undefined,
    },
  };
}
