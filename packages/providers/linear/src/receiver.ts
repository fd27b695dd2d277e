import {
  assertTimestamp,
  checkTolerance,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { LinearEvents } from "./events.js";
import { linearScheme } from "./scheme.js";

const PACKAGE = "@hookwire/linear";

/** Options of {@link linear}. */
export interface LinearOptions {
  /**
   * The webhook's signing secret (`lin_wh_…`, in the webhook's settings or from the API). A list
   * accepts any of them while you rotate it; a function looks it up per request (several
   * workspaces or OAuth apps on one endpoint).
   */
  secret: SecretInput;
  /**
   * How far the body's `webhookTimestamp` may be from now, in seconds (default 60, as
   * `@linear/sdk` checks). Checked after the signature.
   */
  toleranceSeconds?: number;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Linear receiver type. */
export type LinearReceiver = Receiver<LinearEvents, "linear">;

/**
 * A receiver for Linear webhooks (workspace webhooks and OAuth applications, agents included).
 *
 * Verifies `Linear-Signature` (hex HMAC-SHA256 of the raw body under the signing secret) against
 * every configured secret, then refuses a body whose `webhookTimestamp` (milliseconds, inside the
 * signed body) is more than 60 s from now — the replay window `@linear/sdk` enforces. The event
 * type is the body's `type` and `action` (`Issue.create`, `Comment.remove`,
 * `AgentSessionEvent.created`); a handler for `Issue` gets every Issue action. The event id is the
 * `Linear-Delivery` header.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { linear } from "@hookwire/linear";
 *
 * const hooks = createWebhooks({ receivers: { linear: linear({ secret: process.env.LINEAR_WEBHOOK_SECRET! }) } });
 * hooks.on("linear", "Issue.create", async (event) => {
 *   console.log(`${event.payload.data.identifier}: ${event.payload.data.title}`);
 * });
 * ```
 */
export function linear(options: LinearOptions): LinearReceiver {
  const toleranceSeconds = checkTolerance(options?.toleranceSeconds, PACKAGE, 60);
  return defineSignedReceiver<LinearEvents, "linear">({
    provider: "linear",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: linearScheme,
    parse: (request) => parse(request, toleranceSeconds),
  });
}

/** After the signature check: the signed timestamp, the event name and the ids. */
function parse(request: WebhookRequest, toleranceSeconds: number): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const stamp = payload.webhookTimestamp;
  if (typeof stamp !== "number" || !Number.isFinite(stamp)) {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The body has no numeric webhookTimestamp: Linear signs every delivery with one.`,
    );
  }
  if (toleranceSeconds !== Number.POSITIVE_INFINITY) {
    assertTimestamp(stamp / 1000, { toleranceSeconds, packageName: PACKAGE });
  }
  const type = payload.type;
  if (typeof type !== "string" || type === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "type".`);
  }
  const action = payload.action;
  const delivery = request.headers.get("linear-delivery");
  return {
    type: typeof action === "string" && action !== "" ? `${type}.${action}` : type,
    id: delivery === null || delivery.trim() === "" ? undefined : delivery.trim(),
    payload,
    meta: {
      webhookId: typeof payload.webhookId === "string" ? payload.webhookId : undefined,
      organizationId: typeof payload.organizationId === "string" ? payload.organizationId : undefined,
    },
  };
}
