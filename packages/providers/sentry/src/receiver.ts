import {
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  requireHeader,
  type SecretInput,
  type VerifiedParts,
  type WebhookRequest,
} from "@hookwire/core";
import type { SentryEvents, SentryResourceEvents } from "./events.js";
import { sentryScheme } from "./scheme.js";

const PACKAGE = "@hookwire/sentry";

/** Options of {@link sentry}. */
export interface SentryOptions {
  /**
   * The integration's client secret (Settings → Developer Settings → your integration). A list
   * accepts any of them while you rotate it; a function looks it up per request (several
   * integrations on one endpoint).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Sentry receiver type. */
export type SentryReceiver = Receiver<SentryEvents & SentryResourceEvents, "sentry">;

/**
 * A receiver for Sentry integration-platform webhooks (internal and public integrations).
 *
 * Verifies `Sentry-Hook-Signature` (hex HMAC-SHA256 of the raw body under the client secret)
 * against every configured secret. The event type is `Sentry-Hook-Resource` and the body's
 * `action` (`issue.created`, `installation.created`, `metric_alert.critical`); a handler for
 * `issue` gets every issue action. The id is the `Request-ID` header. Sentry waits 1 s for the
 * answer (`deadlineMs`): use `respondWithin: "deadline"` to acknowledge at once.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { sentry } from "@hookwire/sentry";
 *
 * const hooks = createWebhooks({
 *   receivers: { sentry: sentry({ secret: process.env.SENTRY_CLIENT_SECRET! }) },
 *   respondWithin: "deadline",
 * });
 * hooks.on("sentry", "issue.created", async (event) => {
 *   console.log(`${event.payload.data.issue.shortId}: ${event.payload.data.issue.title}`);
 * });
 * ```
 */
export function sentry(options: SentryOptions): SentryReceiver {
  return defineSignedReceiver<SentryEvents & SentryResourceEvents, "sentry">({
    provider: "sentry",
    packageName: PACKAGE,
    deadlineMs: 1_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: sentryScheme,
    parse,
  });
}

/** After the signature check: the resource and action, the payload and the request id. */
function parse(request: WebhookRequest): VerifiedParts {
  const resource = requireHeader(request, "sentry-hook-resource", PACKAGE).trim();
  const payload = parseJsonObject(request.body, PACKAGE);
  const action = payload.action;
  const installation = payload.installation as { uuid?: unknown } | undefined;
  const requestId = request.headers.get("request-id")?.trim();
  const timestamp = request.headers.get("sentry-hook-timestamp")?.trim();
  return {
    type: typeof action === "string" && action !== "" ? `${resource}.${action}` : resource,
    id: requestId === undefined || requestId === "" ? undefined : requestId,
    payload,
    meta: {
      resource,
      installationId: typeof installation?.uuid === "string" ? installation.uuid : undefined,
      // Not signed: for logs, never for decisions.
      timestamp: timestamp === undefined || timestamp === "" ? undefined : timestamp,
    },
  };
}
