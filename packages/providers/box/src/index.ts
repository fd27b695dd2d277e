export type { BoxEventName, BoxEvents, BoxItem, BoxUser, BoxWebhookEvent } from "./events.js";
export { type BoxOptions, type BoxReceiver, box } from "./receiver.js";
export { type BoxSchemeOptions, boxScheme, boxSchemeWith } from "./scheme.js";
