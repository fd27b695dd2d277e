import type Stripe from "stripe";

/**
 * Stripe's webhook events by type (`invoice.paid`, `checkout.session.completed`, …), taken from the
 * `stripe` package's `Stripe.Event` union (an optional peer dependency: install `stripe` for the
 * payload types; without it the receiver still works and payloads are untyped).
 *
 * @example
 * ```ts
 * type Paid = StripeEvents["invoice.paid"]; // Stripe.InvoicePaidEvent
 * ```
 */
export type StripeEvents = { [E in Stripe.Event as E["type"]]: E };

/** A Stripe event type Hookwire knows. */
export type StripeEventName = keyof StripeEvents & string;
