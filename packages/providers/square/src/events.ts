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
/** The events of one kind of object: each type carries it under `data.object[K]`. */
type ObjectEvents<Types extends string, K extends string, O> = { [T in Types]: Obj<T, K, O> };
/** `order.fulfillment.updated` → `order_fulfillment_updated`. */
type Snake<S extends string> = S extends `${infer Head}.${infer Rest}` ? `${Head}_${Snake<Rest>}` : S;
/** An intersection of event maps as one object type (readable in editors). */
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * Square's webhook events by `type` (`payment.created`, `order.updated`). Event types not listed
 * here still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Status = SquareEvents["payment.updated"]["data"]["object"]["payment"]["status"];
 * ```
 */
export type SquareEvents = Flat<
  ObjectEvents<"payment.created" | "payment.updated", "payment", SquarePayment> &
    ObjectEvents<"refund.created" | "refund.updated", "refund", SquareRefund> & {
      // an order event's object is under a key named after its type (`order_fulfillment_updated`)
      [T in "order.created" | "order.updated" | "order.fulfillment.updated"]: Obj<
        T,
        Snake<T>,
        SquareOrderState
      >;
    } & ObjectEvents<
      "customer.created" | "customer.updated" | "customer.deleted",
      "customer",
      SquareCustomer
    > &
    ObjectEvents<
      | "invoice.created"
      | "invoice.published"
      | "invoice.updated"
      | "invoice.payment_made"
      | "invoice.canceled",
      "invoice",
      SquareInvoice
    > &
    ObjectEvents<"subscription.created" | "subscription.updated", "subscription", SquareSubscription> & {
      /** The test notification the Developer Console sends. */
      "webhooks.test_notification": SquareNotification<
        "webhooks.test_notification",
        { type: "webhooks"; id: string }
      >;
    }
>;

/** A Square event type Hookwire types. */
export type SquareEventName = keyof SquareEvents & string;
