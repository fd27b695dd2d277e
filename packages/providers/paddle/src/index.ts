export type { PaddleEventName, PaddleEvents } from "./events.js";
export { type PaddleOptions, type PaddleReceiver, paddle } from "./receiver.js";
export { type PaddleSchemeOptions, paddleScheme, paddleSchemeWith, parsePaddleSignature } from "./scheme.js";
