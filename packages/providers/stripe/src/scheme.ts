import { type Clock, hmacScheme, type SignatureScheme } from "@hookwire/core";
import { readStripeSignature } from "./signature.js";

const PACKAGE = "@hookwire/stripe";

/** The tolerance and clock of a {@link stripeSchemeWith} scheme (the receiver's options). */
export interface StripeSchemeOptions {
  /** Seconds the signed timestamp may differ from now, either way (default 300; `Infinity`: off). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
}

/**
 * Stripe's signature with a tolerance and a clock of its own (the receiver's `toleranceSeconds` and
 * `now`); {@link stripeScheme} is this with the defaults.
 *
 * @example
 * ```ts
 * const scheme = stripeSchemeWith({ toleranceSeconds: 60 });
 * const matched = await scheme.verify(request, [process.env.STRIPE_WEBHOOK_SECRET!]);
 * ```
 */
export function stripeSchemeWith(options: StripeSchemeOptions = {}): SignatureScheme {
  return hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "hex",
    header: "Stripe-Signature",
    parse(value) {
      const parsed = readStripeSignature(value);
      // no valid t= or no v1= is a malformed header (SIGNATURE_INVALID), as Stripe's libraries say
      return parsed.timestamp === undefined || parsed.signatures.length === 0 ? undefined : parsed;
    },
    format: (signatures, timestamp) => `t=${timestamp},${signatures.map((s) => `v1=${s}`).join(",")}`,
    timestamp: {
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    content: ({ timestamp, body }) => [`${timestamp}.`, body],
    missingHint: "Is this request from Stripe, and is the endpoint's signing secret configured?",
  });
}

/**
 * Stripe's signature: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>…]`, where each `v1` is the
 * hex HMAC-SHA256 of `t + "." + raw body` keyed by the whole `whsec_…` secret (its UTF-8 bytes, not
 * decoded). Any `v1` may match (Stripe sends one per secret while a secret is being rolled); `v0`
 * (test-mode legacy) and unknown entries are ignored; the timestamp must be within 300 seconds of now,
 * either way, checked after the signature. Signing writes one `v1` per secret. The receiver,
 * `stripeTestRequest` and the CLI sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await stripeScheme.sign({ body: new TextEncoder().encode("{}"), secret: "whsec_test", timestamp: 1700000000 });
 * headers["Stripe-Signature"]; // "t=1700000000,v1=…"
 * ```
 */
export const stripeScheme: SignatureScheme = stripeSchemeWith();
