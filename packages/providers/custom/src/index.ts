export type { CustomActionMap, CustomEvents, CustomNotification, CustomNotifications } from "./events.js";
export { type CustomOptions, type CustomReceiver, custom } from "./receiver.js";
export { msSignatureScheme } from "./scheme.js";
