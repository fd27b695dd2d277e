/** A PayPal money amount. */
export interface PayPalMoney {
  currency_code: string;
  value: string;
}

/** A HATEOAS link in a PayPal resource. */
export interface PayPalLink {
  href: string;
  rel: string;
  method?: string;
}

/**
 * The envelope every PayPal webhook event shares (developer.paypal.com/api/rest/webhooks/event-names/).
 *
 * @example
 * ```ts
 * const event: PayPalEvent<PayPalCapture> = payload;
 * event.resource.amount.value;
 * ```
 */
export interface PayPalEvent<TResource = Record<string, unknown>, TType extends string = string> {
  /** The event id (`WH-…`), stable across redeliveries. */
  id: string;
  create_time: string;
  resource_type: string;
  event_version?: string;
  event_type: TType;
  summary?: string;
  resource_version?: string;
  resource: TResource;
  links?: PayPalLink[];
}

/** A payment capture (`PAYMENT.CAPTURE.*`). */
export interface PayPalCapture {
  id: string;
  status: "COMPLETED" | "DECLINED" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "FAILED" | (string & {});
  amount: PayPalMoney;
  final_capture?: boolean;
  seller_protection?: { status: string; dispute_categories?: string[] };
  seller_receivable_breakdown?: {
    gross_amount: PayPalMoney;
    paypal_fee?: PayPalMoney;
    net_amount?: PayPalMoney;
  };
  invoice_id?: string;
  custom_id?: string;
  supplementary_data?: { related_ids?: { order_id?: string; authorization_id?: string } };
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

/** A refund (`PAYMENT.CAPTURE.REFUNDED`'s resource). */
export interface PayPalRefund {
  id: string;
  status: string;
  amount: PayPalMoney;
  invoice_id?: string;
  note_to_payer?: string;
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

/** An authorization (`PAYMENT.AUTHORIZATION.*`). */
export interface PayPalAuthorization {
  id: string;
  status: string;
  amount: PayPalMoney;
  expiration_time?: string;
  invoice_id?: string;
  custom_id?: string;
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

/** An order (`CHECKOUT.ORDER.*`). */
export interface PayPalOrder {
  id: string;
  intent?: "CAPTURE" | "AUTHORIZE";
  status: string;
  purchase_units?: Array<{
    reference_id?: string;
    amount?: PayPalMoney;
    payee?: { email_address?: string; merchant_id?: string };
    custom_id?: string;
    invoice_id?: string;
  }>;
  payer?: {
    name?: { given_name?: string; surname?: string };
    email_address?: string;
    payer_id?: string;
  };
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

/** A subscription (`BILLING.SUBSCRIPTION.*`). */
export interface PayPalSubscription {
  id: string;
  plan_id: string;
  status: "APPROVAL_PENDING" | "APPROVED" | "ACTIVE" | "SUSPENDED" | "CANCELLED" | "EXPIRED" | (string & {});
  start_time?: string;
  quantity?: string;
  custom_id?: string;
  subscriber?: {
    email_address?: string;
    payer_id?: string;
    name?: { given_name?: string; surname?: string };
  };
  billing_info?: {
    outstanding_balance?: PayPalMoney;
    last_payment?: { amount: PayPalMoney; time: string };
    next_billing_time?: string;
    failed_payments_count?: number;
  };
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

/** A dispute (`CUSTOMER.DISPUTE.*`). */
export interface PayPalDispute {
  dispute_id: string;
  reason: string;
  status: string;
  dispute_amount?: PayPalMoney;
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}

type Events<TNames extends string, TResource> = { [K in TNames]: PayPalEvent<TResource, K> };

/**
 * PayPal webhook events by `event_type`, written from PayPal's "Webhook event names" documentation
 * (PayPal publishes no TypeScript types for webhook payloads). Other event types reach `*` handlers
 * as unknown events.
 *
 * @example
 * ```ts
 * type Completed = PayPalEvents["PAYMENT.CAPTURE.COMPLETED"]; // PayPalEvent<PayPalCapture>
 * ```
 */
export type PayPalEvents = Events<
  | "PAYMENT.CAPTURE.COMPLETED"
  | "PAYMENT.CAPTURE.DENIED"
  | "PAYMENT.CAPTURE.PENDING"
  | "PAYMENT.CAPTURE.REVERSED"
  | "PAYMENT.CAPTURE.DECLINED",
  PayPalCapture
> &
  Events<"PAYMENT.CAPTURE.REFUNDED", PayPalRefund> &
  Events<"PAYMENT.AUTHORIZATION.CREATED" | "PAYMENT.AUTHORIZATION.VOIDED", PayPalAuthorization> &
  Events<
    "CHECKOUT.ORDER.APPROVED" | "CHECKOUT.ORDER.COMPLETED" | "CHECKOUT.ORDER.SAVED" | "CHECKOUT.ORDER.VOIDED",
    PayPalOrder
  > &
  Events<
    | "BILLING.SUBSCRIPTION.CREATED"
    | "BILLING.SUBSCRIPTION.ACTIVATED"
    | "BILLING.SUBSCRIPTION.UPDATED"
    | "BILLING.SUBSCRIPTION.EXPIRED"
    | "BILLING.SUBSCRIPTION.CANCELLED"
    | "BILLING.SUBSCRIPTION.SUSPENDED"
    | "BILLING.SUBSCRIPTION.PAYMENT.FAILED",
    PayPalSubscription
  > &
  Events<
    "CUSTOMER.DISPUTE.CREATED" | "CUSTOMER.DISPUTE.UPDATED" | "CUSTOMER.DISPUTE.RESOLVED",
    PayPalDispute
  >;

/** A PayPal event type Hookwire knows. */
export type PayPalEventName = keyof PayPalEvents & string;
