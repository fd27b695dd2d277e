export type {
  AdyenAmount,
  AdyenEventCode,
  AdyenEventName,
  AdyenEvents,
  AdyenNotification,
  AdyenNotificationRequestItem,
} from "./events.js";
export { type AdyenOptions, type AdyenReceiver, adyen } from "./receiver.js";
export {
  type AdyenSignedFields,
  adyenHeaderScheme,
  adyenKey,
  adyenScheme,
  adyenSignedData,
} from "./scheme.js";
