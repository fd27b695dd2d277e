import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { StripeEvents } from "./events.js";
import { stripeScheme, stripeSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/stripe";

/** Options of {@link stripe}. */
export interface StripeOptions {
  /**
   * The endpoint's signing secret (`whsec_…`, from the Dashboard or `stripe listen`); a list accepts
   * any of them (while a secret is being rolled); a function looks it up per request (Connect, tenants).
   */
  secret: SecretInput;
  /**
   * Seconds the signed timestamp may differ from now, in either direction — the past (replays) and
   * the future (clock skew) — default 300. `Infinity` turns the check off; 0 is refused (the `stripe`
   * package reads 0 as "off", which here would refuse every delivery).
   */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Stripe receiver type. */
export type StripeReceiver = Receiver<StripeEvents, "stripe">;

/**
 * A receiver for Stripe webhooks.
 *
 * Verifies `Stripe-Signature` (`t=…,v1=…`): HMAC-SHA256 of `t + "." + raw body` keyed by the whole
 * `whsec_…` secret, any `v1` against any configured secret, with the timestamp within the tolerance
 * in both directions. The event type is the body's `type`, the id its `id`; snapshot events
 * (`invoice.paid`) and thin events (`"object": "v2.core.event"`, `v1.invoice.paid`,
 * `v2.core.account.created`) are both typed, `event.meta.kind` says which.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { stripe } from "@hookwire/stripe";
 *
 * const hooks = createWebhooks({ receivers: { stripe: stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET! }) } });
 * hooks.on("stripe", "invoice.paid", async (event) => {
 *   console.log(event.payload.data.object.id);
 * });
 * ```
 */
export function stripe(options: StripeOptions): StripeReceiver {
  const tolerance = options?.toleranceSeconds;
  if (tolerance !== undefined && !(typeof tolerance === "number" && tolerance > 0)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] toleranceSeconds must be a positive number of seconds (it applies in both directions). To turn the timestamp check off, pass Infinity — not 0: the stripe package treats 0 as "no check", here it would refuse every delivery.`,
    );
  }
  const now = options?.now;
  return defineSignedReceiver<StripeEvents, "stripe">({
    provider: "stripe",
    packageName: PACKAGE,
    ...(now === undefined ? {} : { now }),
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    // Synchronous on Node with a static secret: no promise step before or after the signature check.
    scheme:
      tolerance === undefined && now === undefined
        ? stripeScheme
        : stripeSchemeWith({
            ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }),
            ...(now === undefined ? {} : { now }),
          }),
    parse,
    mismatch: `[${PACKAGE}] No v1 signature matches the body under the configured secret.`,
  });
}

/** After the signature and timestamp checks: the media type, the event. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject<{
    id?: unknown;
    type?: unknown;
    object?: unknown;
    livemode?: unknown;
    account?: unknown;
    context?: unknown;
    related_object?: unknown;
  }>(request.body, PACKAGE);
  if (typeof payload.type !== "string" || payload.type === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The event has no "type".`);
  }
  // A thin event (API v2 event destinations): no snapshot of the object, a related_object
  // reference instead, and the Connect account (or other context) in `context`.
  const thin = payload.object === "v2.core.event";
  const related = payload.related_object as { id?: unknown; type?: unknown; url?: unknown } | null;
  return {
    type: payload.type,
    id: typeof payload.id === "string" ? payload.id : undefined,
    payload,
    meta: {
      livemode: payload.livemode === true,
      account: thin
        ? typeof payload.context === "string"
          ? payload.context
          : undefined
        : typeof payload.account === "string"
          ? payload.account
          : undefined,
      kind: thin ? "thin" : "snapshot",
      ...(thin
        ? {
            relatedObject:
              typeof related === "object" && related !== null && typeof related.id === "string"
                ? { id: related.id, type: related.type, url: related.url }
                : undefined,
          }
        : {}),
    },
  };
}
