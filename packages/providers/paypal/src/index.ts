export { type CertificateInfo, crc32, readCertificate } from "./certificate.js";
export { PAYPAL_CERTIFICATE_SUBJECTS } from "./chain.js";
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
export { PAYPAL_DEFAULT_ROOTS } from "./roots.js";
