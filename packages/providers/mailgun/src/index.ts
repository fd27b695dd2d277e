export type {
  MailgunDeliveryStatus,
  MailgunEventBase,
  MailgunEventName,
  MailgunEvents,
  MailgunWebhook,
} from "./events.js";
export { type MailgunOptions, type MailgunReceiver, mailgun } from "./receiver.js";
export {
  type MailgunSchemeOptions,
  type MailgunSignature,
  mailgunScheme,
  mailgunSchemeWith,
  mailgunSignature,
  mailgunSignatureOf,
} from "./scheme.js";
