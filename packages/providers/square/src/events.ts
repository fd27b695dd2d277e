/**
 * The envelope of every Square webhook notification, written from Square's webhook reference
 * (developer.squareup.com/reference/square/webhooks) and the examples in test/fixtures. Square's SDK
 * types its events in camelCase after its own deserialisation; webhook bodies are snake_case, as here.
 */
export interface SquareNotification<T extends string, D> {
  merchant_id: string;
  location_id?: string;
  /** The event type (`payment.created`). */
  type: T;
  /** The event id: the same on every retry of this event. */
  event_id: string;
  created_at: string;
  data: D;
}

/** `data` of events about one object: its type and id, and the object under its type's name. */
export interface SquareObjectData<K extends string, O> {
  type: K;
  id: string;
  object: { [key in K]: O };
}

/** Money as Square writes it: an amount in the smallest unit and a currency. */
export interface SquareMoney {
  amount: number;
  currency: string;
}

/** A payment (`payment.created`, `payment.updated`). */
export interface SquarePayment {
  id: string;
  created_at: string;
  updated_at: string;
  amount_money: SquareMoney;
  total_money?: SquareMoney;
  status: "APPROVED" | "PENDING" | "COMPLETED" | "CANCELED" | "FAILED" | (string & {});
  source_type?: string;
  location_id: string;
  order_id?: string;
  customer_id?: string;
  reference_id?: string;
  receipt_url?: string;
  version?: number;
  [field: string]: unknown;
}

/** A refund (`refund.created`, `refund.updated`). */
export interface SquareRefund {
  id: string;
  status: "PENDING" | "COMPLETED" | "REJECTED" | "FAILED" | (string & {});
  amount_money: SquareMoney;
  payment_id: string;
  order_id?: string;
  location_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
  version?: number;
  [field: string]: unknown;
}

/** A customer (`customer.created`, `customer.updated`, `customer.deleted`). */
export interface SquareCustomer {
  id: string;
  created_at: string;
  updated_at: string;
  given_name?: string;
  family_name?: string;
  email_address?: string;
  phone_number?: string;
  version?: number;
  [field: string]: unknown;
}

/** `order.created` / `order.updated` carry a summary of the order, not the order. */
export interface SquareOrderState {
  order_id: string;
  location_id: string;
  state: "OPEN" | "COMPLETED" | "CANCELED" | "DRAFT" | (string & {});
  version: number;
  created_at: string;
  updated_at?: string;
}

/** An invoice (`invoice.*`). */
export interface SquareInvoice {
  id: string;
  version: number;
  location_id: string;
  order_id: string;
  status: string;
  invoice_number?: string;
  [field: string]: unknown;
}

/** A subscription (`subscription.created`, `subscription.updated`). */
export interface SquareSubscription {
  id: string;
  location_id: string;
  plan_variation_id?: string;
  customer_id: string;
  status: string;
  start_date?: string;
  [field: string]: unknown;
}

type Obj<T extends string, K extends string, O> = SquareNotification<T, SquareObjectData<K, O>>;

/**
 * Square's webhook events by `type` (`payment.created`, `order.updated`). Event types not listed
 * here still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Status = SquareEvents["payment.updated"]["data"]["object"]["payment"]["status"];
 * ```
 */
export type SquareEvents = {
  "payment.created": Obj<"payment.created", "payment", SquarePayment>;
  "payment.updated": Obj<"payment.updated", "payment", SquarePayment>;
  "refund.created": Obj<"refund.created", "refund", SquareRefund>;
  "refund.updated": Obj<"refund.updated", "refund", SquareRefund>;
  "order.created": Obj<"order.created", "order_created", SquareOrderState>;
  "order.updated": Obj<"order.updated", "order_updated", SquareOrderState>;
  "order.fulfillment.updated": Obj<
    "order.fulfillment.updated",
    "order_fulfillment_updated",
    SquareOrderState
  >;
  "customer.created": Obj<"customer.created", "customer", SquareCustomer>;
  "customer.updated": Obj<"customer.updated", "customer", SquareCustomer>;
  "customer.deleted": Obj<"customer.deleted", "customer", SquareCustomer>;
  "invoice.created": Obj<"invoice.created", "invoice", SquareInvoice>;
  "invoice.published": Obj<"invoice.published", "invoice", SquareInvoice>;
  "invoice.updated": Obj<"invoice.updated", "invoice", SquareInvoice>;
  "invoice.payment_made": Obj<"invoice.payment_made", "invoice", SquareInvoice>;
  "invoice.canceled": Obj<"invoice.canceled", "invoice", SquareInvoice>;
  "subscription.created": Obj<"subscription.created", "subscription", SquareSubscription>;
  "subscription.updated": Obj<"subscription.updated", "subscription", SquareSubscription>;
  /** The test notification the Developer Console sends. */
  "webhooks.test_notification": SquareNotification<
    "webhooks.test_notification",
    { type: "webhooks"; id: string }
  >;
};

/** A Square event type Hookwire types. */
export type SquareEventName = keyof SquareEvents & string;
