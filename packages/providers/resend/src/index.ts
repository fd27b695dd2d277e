export type { ResendEventName, ResendEvents } from "./events.js";
export { type ResendOptions, type ResendReceiver, resend } from "./receiver.js";
