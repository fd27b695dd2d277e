export type {
  SquareCustomer,
  SquareEventName,
  SquareEvents,
  SquareInvoice,
  SquareMoney,
  SquareNotification,
  SquareObjectData,
  SquareOrderState,
  SquarePayment,
  SquareRefund,
  SquareSubscription,
} from "./events.js";
export { type SquareOptions, type SquareReceiver, square } from "./receiver.js";
export { type NotificationUrl, squareScheme, squareSchemeWith } from "./scheme.js";
