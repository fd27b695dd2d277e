import {
  defineSignedReceiver,
  optionalString,
  parseJsonObject,
  type Receiver,
  requireStringField,
  type SecretInput,
  type VerifiedParts,
  type WebhookRequest,
} from "@hookwire/core";
import type { IntercomEvents } from "./events.js";
import { intercomScheme } from "./scheme.js";

const PACKAGE = "@hookwire/intercom";

/** Options of {@link intercom}. */
export interface IntercomOptions {
  /**
   * The app's client secret (Developer Hub → your app → Basic information). A list accepts any of
   * them while you rotate it; a function looks it up per request (several apps on one endpoint).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
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
  return defineSignedReceiver<IntercomEvents, "intercom">({
    provider: "intercom",
    packageName: PACKAGE,
    deadlineMs: 5_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: intercomScheme,
    parse,
  });
}

/** After the signature check: the topic, the payload and the notification id. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const topic = requireStringField(payload, "topic", PACKAGE);
  return {
    type: topic,
    id: optionalString(payload.id),
    payload,
    meta: {
      appId: typeof payload.app_id === "string" ? payload.app_id : undefined,
      deliveryAttempts: typeof payload.delivery_attempts === "number" ? payload.delivery_attempts : undefined,
    },
  };
}
