import type { Disputes } from "razorpay/dist/types/disputes";
import type { Invoices } from "razorpay/dist/types/invoices";
import type { Orders } from "razorpay/dist/types/orders";
import type { PaymentLinks } from "razorpay/dist/types/paymentLink";
import type { Payments } from "razorpay/dist/types/payments";
import type { QrCode } from "razorpay/dist/types/qrCode";
import type { Refunds } from "razorpay/dist/types/refunds";
import type { Settlements } from "razorpay/dist/types/settlements";
import type { Subscriptions } from "razorpay/dist/types/subscriptions";
import type { Tokens } from "razorpay/dist/types/tokens";
import type { Transfers } from "razorpay/dist/types/transfers";
import type { VirtualAccounts } from "razorpay/dist/types/virtualAccounts";

/** The entities a webhook's `payload` can carry, by key, typed with the `razorpay` package's objects. */
export interface RazorpayEntities {
  payment: Payments.RazorpayPayment;
  order: Orders.RazorpayOrder;
  refund: Refunds.RazorpayRefund;
  subscription: Subscriptions.RazorpaySubscription;
  invoice: Invoices.RazorpayInvoice;
  dispute: Disputes.RazorpayDispute;
  payment_link: PaymentLinks.RazorpayPaymentLink;
  transfer: Transfers.RazorpayTransfer;
  settlement: Settlements.RazorpaySettlement;
  qr_code: QrCode.RazorpayQrCode;
  virtual_account: VirtualAccounts.RazorpayVirtualAccount;
  token: Tokens.RazorpayToken;
  bank_transfer: Record<string, unknown>;
}

type EntityKey = keyof RazorpayEntities;

/**
 * A Razorpay webhook body: the `event`, the entities it `contains` and each one in
 * `payload.<entity>.entity`. `R` are the entities every such event carries, `O` those it may carry.
 */
export interface RazorpayWebhook<E extends string, R extends EntityKey, O extends EntityKey = never> {
  entity: "event";
  account_id: string;
  event: E;
  contains: Array<R | O>;
  payload: { [K in R]: { entity: RazorpayEntities[K] } } & { [K in O]?: { entity: RazorpayEntities[K] } };
  /** When the event was created, in seconds since the epoch. */
  created_at: number;
}

/** Event names grouped by the entities they carry (from Razorpay's webhook event reference). */
interface Shapes {
  payment: {
    names: "payment.authorized" | "payment.captured" | "payment.failed";
    required: "payment";
    optional: "order";
  };
  dispute: {
    names:
      | "payment.dispute.created"
      | "payment.dispute.won"
      | "payment.dispute.lost"
      | "payment.dispute.closed"
      | "payment.dispute.under_review"
      | "payment.dispute.action_required";
    required: "payment" | "dispute";
    optional: never;
  };
  order: { names: "order.paid"; required: "payment" | "order"; optional: never };
  invoice: {
    names: "invoice.paid" | "invoice.partially_paid" | "invoice.expired";
    required: "invoice";
    optional: "payment" | "order";
  };
  subscription: {
    names:
      | "subscription.authenticated"
      | "subscription.activated"
      | "subscription.charged"
      | "subscription.pending"
      | "subscription.halted"
      | "subscription.cancelled"
      | "subscription.completed"
      | "subscription.updated"
      | "subscription.paused"
      | "subscription.resumed";
    required: "subscription";
    optional: "payment";
  };
  refund: {
    names: "refund.created" | "refund.processed" | "refund.failed" | "refund.speed_changed";
    required: "refund";
    optional: "payment";
  };
  paymentLink: {
    names:
      | "payment_link.paid"
      | "payment_link.partially_paid"
      | "payment_link.expired"
      | "payment_link.cancelled";
    required: "payment_link";
    optional: "payment" | "order";
  };
  transfer: {
    names: "transfer.processed" | "transfer.failed" | "transfer.reversed";
    required: "transfer";
    optional: never;
  };
  settlement: { names: "settlement.processed"; required: "settlement"; optional: never };
  qrCode: {
    names: "qr_code.created" | "qr_code.credited" | "qr_code.closed";
    required: "qr_code";
    optional: "payment";
  };
  virtualAccount: {
    names: "virtual_account.created" | "virtual_account.credited" | "virtual_account.closed";
    required: "virtual_account";
    optional: "payment" | "bank_transfer";
  };
  token: {
    names: "token.confirmed" | "token.rejected" | "token.paused" | "token.cancelled";
    required: "token";
    optional: never;
  };
}

type Flat = {
  [S in keyof Shapes as Shapes[S]["names"]]: S;
};

/**
 * Razorpay's webhook events by name, as the body's `event` carries them (`payment.captured`,
 * `order.paid`, `subscription.charged`), each with the entities it contains typed by the `razorpay`
 * package (an optional peer dependency: without it the receiver still works and entities are
 * untyped). An event not listed here still arrives, as an unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Captured = RazorpayEvents["payment.captured"]["payload"]["payment"]["entity"]; // Payments.RazorpayPayment
 * ```
 */
export type RazorpayEvents = {
  [E in keyof Flat]: RazorpayWebhook<E & string, Shapes[Flat[E]]["required"], Shapes[Flat[E]]["optional"]>;
};

/** A Razorpay event name Hookwire types. */
export type RazorpayEventName = keyof RazorpayEvents & string;
