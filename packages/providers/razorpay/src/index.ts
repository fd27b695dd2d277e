export type { RazorpayEntities, RazorpayEventName, RazorpayEvents, RazorpayWebhook } from "./events.js";
export { type RazorpayOptions, type RazorpayReceiver, razorpay } from "./receiver.js";
export { razorpayScheme } from "./scheme.js";
