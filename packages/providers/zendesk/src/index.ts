export type {
  ZendeskChange,
  ZendeskCustomPayload,
  ZendeskEvent,
  ZendeskEventName,
  ZendeskEvents,
  ZendeskOrganizationDetail,
  ZendeskOrganizationEventType,
  ZendeskUserDetail,
  ZendeskUserEventType,
} from "./events.js";
export { ZENDESK_METHODS, type ZendeskOptions, type ZendeskReceiver, zendesk } from "./receiver.js";
export {
  ZENDESK_TEST_SECRET,
  type ZendeskSchemeOptions,
  zendeskScheme,
  zendeskSchemeWith,
} from "./scheme.js";
