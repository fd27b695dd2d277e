import {
  type Clock,
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { PaddleEvents } from "./events.js";
import { paddleSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/paddle";

/** Options of {@link paddle}. */
export interface PaddleOptions extends SignedReceiverOptions {
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
  return defineSignedJsonReceiver<PaddleEvents, "paddle">({
    provider: "paddle",
    packageName: PACKAGE,
    deadlineMs: 5000,
    options,
    ...(options?.now === undefined ? {} : { now: options.now }),
    scheme: paddleSchemeWith({
      ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    mediaTypes: ["application/json", ""],
    type: "event_type",
    id: "event_id",
    meta: (body) => ({
      notificationId: typeof body.notification_id === "string" ? body.notification_id : undefined,
    }),
  });
}
