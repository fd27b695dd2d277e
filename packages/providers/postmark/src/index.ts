export type {
  PostmarkAddress,
  PostmarkBounceEvent,
  PostmarkClickEvent,
  PostmarkClient,
  PostmarkDeliveryEvent,
  PostmarkEventName,
  PostmarkEvents,
  PostmarkInboundEvent,
  PostmarkMessageEvent,
  PostmarkOpenEvent,
  PostmarkSpamComplaintEvent,
  PostmarkSubscriptionChangeEvent,
} from "./events.js";
export { type PostmarkOptions, type PostmarkReceiver, postmark } from "./receiver.js";
export { postmarkScheme } from "./scheme.js";
