// Lemon Squeezy publishes no TypeScript types for webhook bodies (@lemonsqueezy/lemonsqueezy.js
// types its API responses, not the webhook envelope), so these are written from its webhook and
// API object reference (docs.lemonsqueezy.com/help/webhooks, docs.lemonsqueezy.com/api). Objects keep
// an index signature: Lemon Squeezy adds attributes without a version change.

/** The envelope's `meta`. */
export interface LemonSqueezyMeta {
  /** The event, as `X-Event-Name` carries it. */
  event_name: LemonSqueezyEventName;
  /** Sent from a store in test mode. */
  test_mode?: boolean;
  /** The id of the webhook that sent the event. */
  webhook_id?: string;
  /** What you passed as `checkout_data.custom` when creating the checkout. */
  custom_data?: Record<string, unknown>;
}

/** A JSON:API resource as Lemon Squeezy sends it in `data`. */
export interface LemonSqueezyResource<T extends string, A> {
  type: T;
  id: string;
  attributes: A;
  relationships?: Record<string, { links?: { related?: string; self?: string } }>;
  links?: { self?: string };
}

/** An order's attributes. */
export interface LemonSqueezyOrderAttributes {
  store_id: number;
  customer_id: number;
  identifier: string;
  order_number: number;
  user_name: string;
  user_email: string;
  currency: string;
  subtotal: number;
  total: number;
  tax: number;
  status: "pending" | "failed" | "paid" | "refunded" | "partial_refund" | "fraudulent" | string;
  status_formatted: string;
  refunded: boolean;
  refunded_at: string | null;
  first_order_item?: {
    id: number;
    order_id: number;
    product_id: number;
    variant_id: number;
    product_name: string;
    variant_name: string;
    price: number;
    [field: string]: unknown;
  };
  urls?: { receipt?: string };
  test_mode: boolean;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A subscription's attributes. */
export interface LemonSqueezySubscriptionAttributes {
  store_id: number;
  customer_id: number;
  order_id: number;
  order_item_id: number;
  product_id: number;
  variant_id: number;
  product_name: string;
  variant_name: string;
  user_name: string;
  user_email: string;
  status: "on_trial" | "active" | "paused" | "past_due" | "unpaid" | "cancelled" | "expired" | string;
  status_formatted: string;
  card_brand: string | null;
  card_last_four: string | null;
  pause: { mode: "void" | "free"; resumes_at: string | null } | null;
  cancelled: boolean;
  trial_ends_at: string | null;
  billing_anchor: number;
  renews_at: string | null;
  ends_at: string | null;
  urls?: { update_payment_method?: string; customer_portal?: string; [field: string]: unknown };
  test_mode: boolean;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A subscription invoice's attributes (the `subscription_payment_*` events). */
export interface LemonSqueezySubscriptionInvoiceAttributes {
  store_id: number;
  subscription_id: number;
  customer_id: number;
  user_name: string;
  user_email: string;
  billing_reason: "initial" | "renewal" | "updated" | string;
  currency: string;
  status: "pending" | "paid" | "void" | "refunded" | "partial_refund" | string;
  status_formatted: string;
  refunded: boolean;
  refunded_at: string | null;
  subtotal: number;
  discount_total: number;
  tax: number;
  total: number;
  urls?: { invoice_url?: string | null };
  test_mode: boolean;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A license key's attributes. */
export interface LemonSqueezyLicenseKeyAttributes {
  store_id: number;
  customer_id: number;
  order_id: number;
  order_item_id: number;
  product_id: number;
  user_name: string;
  user_email: string;
  key: string;
  key_short: string;
  activation_limit: number | null;
  instances_count: number;
  disabled: boolean;
  status: "inactive" | "active" | "expired" | "disabled" | string;
  status_formatted: string;
  expires_at: string | null;
  test_mode: boolean;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** An affiliate's attributes. */
export interface LemonSqueezyAffiliateAttributes {
  store_id: number;
  user_name: string;
  user_email: string;
  share_domain: string;
  status: string;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A webhook body: `meta` and the resource the event is about. */
export interface LemonSqueezyPayload<E extends LemonSqueezyEventName, D> {
  meta: LemonSqueezyMeta & { event_name: E };
  data: D;
}

type Order = LemonSqueezyResource<"orders", LemonSqueezyOrderAttributes>;
type Subscription = LemonSqueezyResource<"subscriptions", LemonSqueezySubscriptionAttributes>;
type Invoice = LemonSqueezyResource<"subscription-invoices", LemonSqueezySubscriptionInvoiceAttributes>;
type LicenseKey = LemonSqueezyResource<"license-keys", LemonSqueezyLicenseKeyAttributes>;
type Affiliate = LemonSqueezyResource<"affiliates", LemonSqueezyAffiliateAttributes>;

/** The resource each event carries. */
interface Resources {
  order_created: Order;
  order_refunded: Order;
  subscription_created: Subscription;
  subscription_updated: Subscription;
  subscription_cancelled: Subscription;
  subscription_resumed: Subscription;
  subscription_expired: Subscription;
  subscription_paused: Subscription;
  subscription_unpaused: Subscription;
  subscription_plan_changed: Subscription;
  subscription_payment_success: Invoice;
  subscription_payment_failed: Invoice;
  subscription_payment_recovered: Invoice;
  subscription_payment_refunded: Invoice;
  license_key_created: LicenseKey;
  license_key_updated: LicenseKey;
  affiliate_activated: Affiliate;
}

/** A Lemon Squeezy event name (`X-Event-Name`, `meta.event_name`). */
export type LemonSqueezyEventName = keyof Resources;

/**
 * Lemon Squeezy's webhook events by name (`order_created`, `subscription_updated`, …): the body,
 * `meta` plus the JSON:API resource in `data`. An event not listed here still arrives, as an
 * unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Paid = LemonSqueezyEvents["order_created"]["data"]["attributes"]["total"]; // number (cents)
 * ```
 */
export type LemonSqueezyEvents = {
  [E in LemonSqueezyEventName]: LemonSqueezyPayload<E, Resources[E]>;
};
