export type {
  LemonSqueezyAffiliateAttributes,
  LemonSqueezyEventName,
  LemonSqueezyEvents,
  LemonSqueezyLicenseKeyAttributes,
  LemonSqueezyMeta,
  LemonSqueezyOrderAttributes,
  LemonSqueezyPayload,
  LemonSqueezyResource,
  LemonSqueezySubscriptionAttributes,
  LemonSqueezySubscriptionInvoiceAttributes,
} from "./events.js";
export { type LemonSqueezyOptions, type LemonSqueezyReceiver, lemonSqueezy } from "./receiver.js";
export { lemonSqueezyScheme } from "./scheme.js";
