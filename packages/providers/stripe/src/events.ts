import type Stripe from "stripe";

/**
 * Stripe's snapshot webhook events by type (`invoice.paid`, `checkout.session.completed`, …), taken from the
 * `stripe` package's `Stripe.Event` union (an optional peer dependency: install `stripe` for the
 * payload types; without it the receiver still works and payloads are untyped).
 *
 * @example
 * ```ts
 * type Paid = StripeEvents["invoice.paid"]; // Stripe.InvoicePaidEvent
 * ```
 */
export type StripeSnapshotEvents = { [E in Stripe.Event as E["type"]]: E };

/**
 * A thin event (`"object": "v2.core.event"`) as it arrives in a webhook body: the notification
 * `N` of the `stripe` package without its client methods (`fetchEvent`, `fetchRelatedObject`), and
 * with `context` as the plain string Stripe sends. Thin events carry no object snapshot: fetch the
 * related object (`related_object.url`) or the full event with the Stripe API.
 *
 * @example
 * ```ts
 * hooks.on("stripe", "v1.billing.meter.error_report_triggered", (event) => event.payload.related_object.id);
 * ```
 */
export type StripeThinEvent<N extends { type: string } = Stripe.V2.Core.EventNotification> = Omit<
  N,
  "fetchEvent" | "fetchRelatedObject" | "context"
> & { object: "v2.core.event"; context?: string };

/**
 * Stripe's thin events (event destinations with the "thin" payload style) by type
 * (`v1.invoice.paid`, `v2.core.account.created`, …), from the `stripe` package's
 * `Stripe.V2.Core.EventNotification` union.
 *
 * @example
 * ```ts
 * type Created = StripeThinEvents["v2.core.account.created"]["related_object"]; // { id, type, url }
 * ```
 */
export type StripeThinEvents = {
  [N in Stripe.V2.Core.EventNotification as N["type"]]: StripeThinEvent<N>;
};

/**
 * Every Stripe event by type: the snapshot events of {@link StripeSnapshotEvents} (`invoice.paid`)
 * and the thin events of {@link StripeThinEvents} (`v1.invoice.paid`, `v2.core.account.created`),
 * whose names never collide.
 *
 * @example
 * ```ts
 * type Paid = StripeEvents["invoice.paid"]; // Stripe.InvoicePaidEvent
 * ```
 */
export type StripeEvents = StripeSnapshotEvents & StripeThinEvents;

/** A Stripe event type Hookwire knows (snapshot or thin). */
export type StripeEventName = keyof StripeEvents & string;
