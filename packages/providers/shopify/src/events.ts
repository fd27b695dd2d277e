// Shopify publishes example payloads per topic but no TypeScript types (neither @shopify/shopify-api
// nor the Admin API clients export them), so these are written from Shopify's webhook reference
// (shopify.dev/docs/api/webhooks). Each object keeps an index signature: Shopify adds fields with
// every API version, and the fields a version sends are those of X-Shopify-API-Version.

/** A money amount with its currency, as in `price_set` / `total_price_set`. */
export interface ShopifyMoney {
  amount: string;
  currency_code: string;
}

/** An amount in the shop's and the presentment currency. */
export interface ShopifyMoneySet {
  shop_money: ShopifyMoney;
  presentment_money: ShopifyMoney;
}

/** A postal address (billing, shipping, customer default). */
export interface ShopifyAddress {
  first_name?: string | null;
  last_name?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  province_code?: string | null;
  country?: string | null;
  country_code?: string | null;
  zip?: string | null;
  phone?: string | null;
  company?: string | null;
  [field: string]: unknown;
}

/** A customer (`customers/*` topics, and `customer` inside orders). */
export interface ShopifyCustomer {
  id: number;
  email: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  state?: string;
  tags?: string;
  created_at?: string | null;
  updated_at?: string | null;
  default_address?: ShopifyAddress;
  admin_graphql_api_id?: string;
  [field: string]: unknown;
}

/** An order line. */
export interface ShopifyLineItem {
  id: number;
  product_id: number | null;
  variant_id: number | null;
  title: string;
  quantity: number;
  price: string;
  sku?: string | null;
  [field: string]: unknown;
}

/** An order (`orders/*` topics). */
export interface ShopifyOrder {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  order_number: number;
  email: string | null;
  created_at: string;
  updated_at: string;
  currency: string;
  total_price: string;
  subtotal_price?: string;
  total_tax?: string;
  financial_status: string | null;
  fulfillment_status: string | null;
  line_items: ShopifyLineItem[];
  customer?: ShopifyCustomer | null;
  billing_address?: ShopifyAddress | null;
  shipping_address?: ShopifyAddress | null;
  total_price_set?: ShopifyMoneySet;
  [field: string]: unknown;
}

/** `orders/delete`: only the id is sent. */
export interface ShopifyDeleted {
  id: number;
  [field: string]: unknown;
}

/** A product variant. */
export interface ShopifyVariant {
  id: number;
  product_id: number;
  title: string;
  price: string;
  sku: string | null;
  inventory_quantity?: number;
  [field: string]: unknown;
}

/** A product (`products/*` topics). */
export interface ShopifyProduct {
  id: number;
  admin_graphql_api_id: string;
  title: string;
  handle: string;
  body_html: string | null;
  vendor: string;
  product_type: string;
  status: "active" | "archived" | "draft" | string;
  tags: string;
  created_at: string;
  updated_at: string;
  variants: ShopifyVariant[];
  [field: string]: unknown;
}

/** A fulfillment (`fulfillments/*` topics). */
export interface ShopifyFulfillment {
  id: number;
  order_id: number;
  status: string;
  tracking_number?: string | null;
  tracking_numbers?: string[];
  line_items?: ShopifyLineItem[];
  [field: string]: unknown;
}

/** A refund (`refunds/create`). */
export interface ShopifyRefund {
  id: number;
  order_id: number;
  created_at: string;
  note?: string | null;
  refund_line_items?: unknown[];
  transactions?: unknown[];
  [field: string]: unknown;
}

/** The shop (`app/uninstalled`, `shop/update`). */
export interface ShopifyShop {
  id: number;
  name: string;
  email: string;
  domain: string;
  myshopify_domain: string;
  plan_name?: string;
  currency?: string;
  [field: string]: unknown;
}

/** An inventory level (`inventory_levels/*`). */
export interface ShopifyInventoryLevel {
  inventory_item_id: number;
  location_id: number;
  available: number | null;
  updated_at: string;
  admin_graphql_api_id?: string;
  [field: string]: unknown;
}

/** A subscription of an app (`app_subscriptions/update`). */
export interface ShopifyAppSubscriptionUpdate {
  app_subscription: {
    admin_graphql_api_id: string;
    name: string;
    status: string;
    admin_graphql_api_shop_id: string;
    created_at: string;
    updated_at: string;
    currency?: string;
    capped_amount?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** `customers/data_request` (mandatory compliance topic). */
export interface ShopifyCustomersDataRequest {
  shop_id: number;
  shop_domain: string;
  orders_requested: number[];
  customer: { id: number; email: string; phone: string | null };
  data_request: { id: number };
}

/** `customers/redact` (mandatory compliance topic). */
export interface ShopifyCustomersRedact {
  shop_id: number;
  shop_domain: string;
  customer: { id: number; email: string; phone: string | null };
  orders_to_redact: number[];
}

/** `shop/redact` (mandatory compliance topic), 48 hours after an app is uninstalled. */
export interface ShopifyShopRedact {
  shop_id: number;
  shop_domain: string;
}

/**
 * Shopify's webhook topics by name, as `X-Shopify-Topic` carries them (`orders/create`,
 * `app/uninstalled`, `customers/redact`). A topic not listed here still arrives, as an unknown
 * event with an untyped payload.
 *
 * @example
 * ```ts
 * type Created = ShopifyEvents["orders/create"]; // ShopifyOrder
 * ```
 */
export type ShopifyEvents = {
  "app/uninstalled": ShopifyShop;
  "app/scopes_update": {
    id: number;
    previous: string[];
    current: string[];
    updated_at: string;
    [field: string]: unknown;
  };
  "app_subscriptions/update": ShopifyAppSubscriptionUpdate;
  "shop/update": ShopifyShop;
  "customers/data_request": ShopifyCustomersDataRequest;
  "customers/redact": ShopifyCustomersRedact;
  "shop/redact": ShopifyShopRedact;
  "orders/create": ShopifyOrder;
  "orders/updated": ShopifyOrder;
  "orders/paid": ShopifyOrder;
  "orders/cancelled": ShopifyOrder;
  "orders/fulfilled": ShopifyOrder;
  "orders/partially_fulfilled": ShopifyOrder;
  "orders/edited": { order_edit: { id: number; order_id: number; [field: string]: unknown } };
  "orders/delete": ShopifyDeleted;
  "products/create": ShopifyProduct;
  "products/update": ShopifyProduct;
  "products/delete": ShopifyDeleted;
  "customers/create": ShopifyCustomer;
  "customers/update": ShopifyCustomer;
  "customers/delete": ShopifyDeleted;
  "customers/enable": ShopifyCustomer;
  "customers/disable": ShopifyCustomer;
  "fulfillments/create": ShopifyFulfillment;
  "fulfillments/update": ShopifyFulfillment;
  "refunds/create": ShopifyRefund;
  "inventory_levels/update": ShopifyInventoryLevel;
  "inventory_levels/connect": ShopifyInventoryLevel;
  "inventory_levels/disconnect": ShopifyInventoryLevel;
};

/** A Shopify topic Hookwire types. */
export type ShopifyTopic = keyof ShopifyEvents & string;
