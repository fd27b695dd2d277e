export {
  type OktaEventHook,
  type OktaEvents,
  type OktaEventType,
  type OktaLogEntity,
  type OktaLogEvent,
  oktaEventsOf,
} from "./events.js";
export { type OktaOptions, type OktaReceiver, okta } from "./receiver.js";
export { oktaScheme, oktaSchemeFor } from "./scheme.js";
