import {
  defineSignedJsonReceiver,
  type JsonBody,
  optionalHeader,
  optionalString,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { LemonSqueezyEvents } from "./events.js";
import { lemonSqueezyScheme } from "./scheme.js";

const PACKAGE = "@hookwire/lemon-squeezy";

/**
 * The events that happen once for the object they carry: the event name and the object's id name
 * one occurrence, so they are the event id (a retried delivery has the same one).
 */
const ONCE_PER_OBJECT = new Set([
  "order_created",
  "subscription_created",
  "subscription_payment_success",
  "subscription_payment_recovered",
  "license_key_created",
  "affiliate_activated",
]);

/** Options of {@link lemonSqueezy}. */
export interface LemonSqueezyOptions extends SignedReceiverOptions {
  /**
   * The webhook's signing secret. A list accepts any of them (rotation); a function looks it up
   * per request (several stores on one endpoint).
   */
  secret: SecretInput;
}

/** The Lemon Squeezy receiver type. */
export type LemonSqueezyReceiver = Receiver<LemonSqueezyEvents, "lemon-squeezy">;

/**
 * A receiver for Lemon Squeezy webhooks.
 *
 * Verifies `X-Signature` (hex HMAC-SHA256 of the raw body under the signing secret) against every
 * configured secret. The event type is the event name as Lemon Squeezy writes it
 * (`order_created`, `subscription_payment_success`), read from the signed body's
 * `meta.event_name` (`X-Event-Name`, which is not signed, only when the body has none). Events that
 * happen once per object (`order_created`, `subscription_created`, …) get the id
 * `<event>:<object id>`, so an idempotency store drops Lemon Squeezy's retries; other events carry
 * no id, since Lemon Squeezy sends no delivery id.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { lemonSqueezy } from "@hookwire/lemon-squeezy";
 *
 * const hooks = createWebhooks({ receivers: { "lemon-squeezy": lemonSqueezy({ secret: process.env.LEMON_SQUEEZY_WEBHOOK_SECRET! }) } });
 * hooks.on("lemon-squeezy", "order_created", async (event) => {
 *   console.log(`order ${event.payload.data.attributes.order_number}: ${event.payload.data.attributes.total} cents`);
 * });
 * ```
 */
export function lemonSqueezy(options: LemonSqueezyOptions): LemonSqueezyReceiver {
  return defineSignedJsonReceiver<LemonSqueezyEvents, "lemon-squeezy">({
    provider: "lemon-squeezy",
    packageName: PACKAGE,
    options,
    scheme: lemonSqueezyScheme,
    // the signed body's name; the unsigned header only when the body has none
    type: (body, request) =>
      optionalString(objectOf(body.meta)?.event_name) ?? optionalHeader(request, "x-event-name"),
    typeMissing: `[${PACKAGE}] The body has no meta.event_name and there is no X-Event-Name header.`,
    id: onceId,
    meta: (body) => {
      const meta = objectOf(body.meta);
      return {
        testMode: meta?.test_mode === true,
        webhookId: typeof meta?.webhook_id === "string" ? meta.webhook_id : undefined,
        customData: objectOf(meta?.custom_data),
      };
    },
  });
}

const objectOf = (value: unknown): JsonBody | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonBody) : undefined;

/** For once-per-object events, `<event>:<object id>`; other events have no id. */
function onceId(body: JsonBody, _request: unknown, name: string): string | undefined {
  const data = objectOf(body.data);
  const objectId = typeof data?.id === "string" || typeof data?.id === "number" ? String(data.id) : "";
  return ONCE_PER_OBJECT.has(name) && objectId !== "" ? `${name}:${objectId}` : undefined;
}
