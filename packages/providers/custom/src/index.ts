export type { CustomActionMap, CustomEvents, CustomNotification, CustomNotifications } from "./events.js";
export { type CustomOptions, type CustomReceiver, custom } from "./receiver.js";
export { customTestRequest, signAspNetWebHook } from "./testing.js";
