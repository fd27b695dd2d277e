export type { ClerkEventName, ClerkEvents } from "./events.js";
export { type ClerkOptions, type ClerkReceiver, clerk } from "./receiver.js";
