export { type CertificateInfo, crc32, readCertificate } from "./certificate.js";
export type {
  PayPalAuthorization,
  PayPalCapture,
  PayPalDispute,
  PayPalEvent,
  PayPalEventName,
  PayPalEvents,
  PayPalLink,
  PayPalMoney,
  PayPalOrder,
  PayPalRefund,
  PayPalSubscription,
} from "./events.js";
export { isPayPalCertUrl, type PayPalOptions, type PayPalReceiver, paypal } from "./receiver.js";
export {
  type PayPalSignatureInput,
  type PayPalTestRequestInput,
  paypalSignature,
  paypalTestRequest,
} from "./testing.js";
