import {
  assertMediaType,
  assertSecretOption,
  assertTimestamp,
  type Clock,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  verifyHmac,
  WebhookError,
} from "@hookwire/core";
import type { StripeEvents } from "./events.js";
import { parseStripeSignature } from "./signature.js";

const PACKAGE = "@hookwire/stripe";

/** Options of {@link stripe}. */
export interface StripeOptions {
  /**
   * The endpoint's signing secret (`whsec_…`, from the Dashboard or `stripe listen`); a list accepts
   * any of them (while a secret is being rolled); a function looks it up per request (Connect, tenants).
   */
  secret: SecretInput;
  /** Seconds the signed timestamp may differ from now, in either direction (default 300). */
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
 * in both directions. The event type is the body's `type`, the id its `id`.
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
  assertSecretOption(options?.secret, PACKAGE);
  const now = options.now ?? Date.now;
  return defineReceiver<StripeEvents, "stripe">({
    provider: "stripe",
    packageName: PACKAGE,
    now,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      const header = request.headers.get("stripe-signature");
      if (header === null || header.trim() === "") {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The Stripe-Signature header is missing. Is this request from Stripe, and is the endpoint's signing secret configured?`,
        );
      }
      const { timestamp, v1 } = parseStripeSignature(header);
      const found = resolveSecrets(options.secret, request, PACKAGE);
      const secrets = Array.isArray(found) ? found : await found;
      if ((await verifyHmac("SHA-256", secrets, [`${timestamp}.`, request.body], v1, "hex")) < 0) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] No v1 signature matches the body under the configured secret.`,
        );
      }
      assertTimestamp(timestamp, { toleranceSeconds: options.toleranceSeconds, now, packageName: PACKAGE });
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<{
        id?: unknown;
        type?: unknown;
        livemode?: unknown;
        account?: unknown;
      }>(request.body, PACKAGE);
      if (typeof payload.type !== "string") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The event has no "type".`);
      }
      return {
        type: payload.type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: {
          livemode: payload.livemode === true,
          account: typeof payload.account === "string" ? payload.account : undefined,
        },
      };
    },
  });
}
