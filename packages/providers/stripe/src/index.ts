export type {
  StripeEventName,
  StripeEvents,
  StripeSnapshotEvents,
  StripeThinEvent,
  StripeThinEvents,
} from "./events.js";
export { type StripeOptions, type StripeReceiver, stripe } from "./receiver.js";
export { type ParsedStripeSignature, parseStripeSignature } from "./signature.js";
export { stripeSignature, stripeTestRequest } from "./testing.js";
