import {
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { IntercomEvents } from "./events.js";
import { intercomScheme } from "./scheme.js";

const PACKAGE = "@hookwire/intercom";

/** Options of {@link intercom}. */
export interface IntercomOptions extends SignedReceiverOptions {
  /**
   * The app's client secret (Developer Hub → your app → Basic information). A list accepts any of
   * them while you rotate it; a function looks it up per request (several apps on one endpoint).
   */
  secret: SecretInput;
}

/** The Intercom receiver type. */
export type IntercomReceiver = Receiver<IntercomEvents, "intercom">;

/**
 * A receiver for Intercom webhooks.
 *
 * Verifies `X-Hub-Signature` (`sha1=` + hex HMAC-SHA1 of the raw body under the client secret)
 * against every configured secret. The event type is the body's `topic`
 * (`conversation.user.created`, `ping`); the id is the notification id (`notif_…`), the same on
 * Intercom's retry, so an idempotency store drops the duplicate. Intercom waits 5 s for a 2xx
 * (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { intercom } from "@hookwire/intercom";
 *
 * const hooks = createWebhooks({ receivers: { intercom: intercom({ secret: process.env.INTERCOM_CLIENT_SECRET! }) } });
 * hooks.on("intercom", "conversation.user.created", async (event) => {
 *   console.log(`new conversation ${event.payload.data.item.id}`);
 * });
 * ```
 */
export function intercom(options: IntercomOptions): IntercomReceiver {
  return defineSignedJsonReceiver<IntercomEvents, "intercom">({
    provider: "intercom",
    packageName: PACKAGE,
    deadlineMs: 5_000,
    options,
    scheme: intercomScheme,
    type: "topic",
    id: "id", // the notification id (notif_…)
    meta: (body) => ({
      appId: typeof body.app_id === "string" ? body.app_id : undefined,
      deliveryAttempts: typeof body.delivery_attempts === "number" ? body.delivery_attempts : undefined,
    }),
  });
}
