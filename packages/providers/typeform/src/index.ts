export type {
  TypeformAnswer,
  TypeformEventName,
  TypeformEvents,
  TypeformFieldRef,
  TypeformFormResponse,
  TypeformWebhook,
} from "./events.js";
export { type TypeformOptions, type TypeformReceiver, typeform } from "./receiver.js";
export { typeformScheme } from "./scheme.js";
