export type { AttemptResult, HttpClient } from "./deliver.js";
export { deliveryIdAt } from "./deliveries.js";
export { isValidFilter, matchesEventType } from "./filters.js";
export { newId } from "./ids.js";
export { memoryStore } from "./memory-store.js";
export { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseRetryAfter } from "./retry.js";
export { SecretBox } from "./secrets-at-rest.js";
export {
  type CreateSubscriptionInput,
  createSender,
  type DeliveryListOptions,
  type HookwireSender,
  type Scope,
  type SenderOptions,
  type UpdateSubscriptionInput,
  type Worker,
  type WorkerOptions,
} from "./sender.js";
export { assertAllowedHost, guardedLookup, isBlockedAddress, type LookupFunction } from "./ssrf.js";
export type {
  Attempt,
  Completion,
  Delivery,
  DeliveryQuery,
  DeliveryQueryPage,
  DeliveryStatus,
  EventType,
  LeasedDelivery,
  LeaseOptions,
  Page,
  SenderEvents,
  Store,
  StoredEvent,
  StoredSubscription,
  Subscription,
  SubscriptionPatch,
  SubscriptionSecret,
  SubscriptionStatus,
} from "./types.js";
export { filterKeys, planDeliveryQuery, rateWindow, rotatedSecrets, withinAllowance } from "./types.js";
