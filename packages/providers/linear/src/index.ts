export type { LinearEventName, LinearEvents } from "./events.js";
export { type LinearOptions, type LinearReceiver, linear } from "./receiver.js";
export { linearScheme } from "./scheme.js";
