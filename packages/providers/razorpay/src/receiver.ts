import {
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { RazorpayEvents } from "./events.js";
import { razorpayScheme } from "./scheme.js";

const PACKAGE = "@hookwire/razorpay";

/** Options of {@link razorpay}. */
export interface RazorpayOptions extends SignedReceiverOptions {
  /**
   * The webhook secret set in the Dashboard (not the API key secret). A list accepts any of them
   * while you change it; a function looks it up per request (several accounts on one endpoint).
   */
  secret: SecretInput;
}

/** The Razorpay receiver type. */
export type RazorpayReceiver = Receiver<RazorpayEvents, "razorpay">;

/**
 * A receiver for Razorpay webhooks.
 *
 * Verifies `X-Razorpay-Signature` (hex HMAC-SHA256 of the raw body under the webhook secret)
 * against every configured secret. The event type is the body's `event` exactly as Razorpay names it
 * (`payment.captured`, `order.paid`); a handler for `payment.*` gets every payment event. The
 * event id is `X-Razorpay-Event-Id`, which Razorpay keeps across retries of one event, so an
 * idempotency store drops duplicates. Razorpay waits 5 s for a 2xx (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { razorpay } from "@hookwire/razorpay";
 *
 * const hooks = createWebhooks({ receivers: { razorpay: razorpay({ secret: process.env.RAZORPAY_WEBHOOK_SECRET! }) } });
 * hooks.on("razorpay", "payment.captured", async (event) => {
 *   const payment = event.payload.payload.payment.entity;
 *   console.log(`${payment.id}: ${payment.amount} ${payment.currency}`);
 * });
 * ```
 */
export function razorpay(options: RazorpayOptions): RazorpayReceiver {
  return defineSignedJsonReceiver<RazorpayEvents, "razorpay">({
    provider: "razorpay",
    packageName: PACKAGE,
    deadlineMs: 5_000,
    options,
    scheme: razorpayScheme,
    type: "event",
    id: { header: "x-razorpay-event-id" },
    meta: (body) => ({ accountId: typeof body.account_id === "string" ? body.account_id : undefined }),
  });
}
