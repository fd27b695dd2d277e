export type {
  ShopifyAddress,
  ShopifyAppSubscriptionUpdate,
  ShopifyCustomer,
  ShopifyCustomersDataRequest,
  ShopifyCustomersRedact,
  ShopifyDeleted,
  ShopifyEvents,
  ShopifyFulfillment,
  ShopifyInventoryLevel,
  ShopifyLineItem,
  ShopifyMoney,
  ShopifyMoneySet,
  ShopifyOrder,
  ShopifyProduct,
  ShopifyRefund,
  ShopifyShop,
  ShopifyShopRedact,
  ShopifyTopic,
  ShopifyVariant,
} from "./events.js";
export { type ShopifyMeta, type ShopifyOptions, type ShopifyReceiver, shopify } from "./receiver.js";
export { shopifyEventsScheme, shopifyScheme, shopifyWebhookScheme } from "./scheme.js";
