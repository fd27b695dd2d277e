export type {
  StripeEventName,
  StripeEvents,
  StripeSnapshotEvents,
  StripeThinEvent,
  StripeThinEvents,
} from "./events.js";
export { type StripeOptions, type StripeReceiver, stripe } from "./receiver.js";
export { type StripeSchemeOptions, stripeScheme, stripeSchemeWith } from "./scheme.js";
export { type ParsedStripeSignature, parseStripeSignature } from "./signature.js";
