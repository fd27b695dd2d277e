import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  optionalString,
  parseJsonObject,
  type Receiver,
  requireStringField,
  type SecretInput,
  type VerifiedParts,
  type WebhookRequest,
} from "@hookwire/core";
import type { PaddleEvents } from "./events.js";
import { paddleSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/paddle";

/** Options of {@link paddle}. */
export interface PaddleOptions {
  /**
   * The notification destination's secret key (Paddle → Developer tools → Notifications → your
   * destination → Secret key, `pdl_ntfset_…`). A list accepts any of them (rotation); a function
   * looks it up per request.
   */
  secret: SecretInput;
  /**
   * Allowed distance between the signed `ts` and now, in seconds (default 5, the window of Paddle's
   * SDK). Raise it if your clock drifts, or to replay deliveries by hand.
   */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Paddle receiver type. */
export type PaddleReceiver = Receiver<PaddleEvents, "paddle">;

/**
 * A receiver for Paddle Billing notifications (webhooks).
 *
 * Verifies `Paddle-Signature` (`ts=…;h1=…`: hex HMAC-SHA256 of `<ts>:<raw body>`; any `h1`
 * matching is enough) against every configured secret key, then the timestamp (5 s by default, as
 * Paddle's SDK). Events are named by the body's `event_type` (`subscription.created`); `event.id`
 * is the body's `event_id` (`evt_…`), the same on every retry, and `event.meta.notificationId` the
 * `notification_id` (`ntf_…`). Paddle waits 5 s for an answer (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { paddle } from "@hookwire/paddle";
 *
 * const hooks = createWebhooks({ receivers: { paddle: paddle({ secret: process.env.PADDLE_WEBHOOK_SECRET! }) } });
 * hooks.on("paddle", "subscription.created", async (event) => {
 *   console.log(event.payload.data.id, event.payload.data.status);
 * });
 * ```
 */
export function paddle(options: PaddleOptions): PaddleReceiver {
  return defineSignedReceiver<PaddleEvents, "paddle">({
    provider: "paddle",
    packageName: PACKAGE,
    deadlineMs: 5000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme: paddleSchemeWith({
      ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    parse,
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json", ""], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const name = requireStringField(payload, "event_type", PACKAGE);
  const id = payload.event_id;
  const notification = payload.notification_id;
  return {
    type: name,
    id: optionalString(id),
    payload,
    meta: { notificationId: typeof notification === "string" ? notification : undefined },
  };
}
