export { type DedupeNotificationsOptions, dedupeNotifications } from "./dedupe.js";
export type {
  SalesforceAccount,
  SalesforceCase,
  SalesforceContact,
  SalesforceEventName,
  SalesforceEvents,
  SalesforceLead,
  SalesforceNotification,
  SalesforceOpportunity,
  SalesforceOutboundMessage,
  SalesforceSObject,
} from "./events.js";
export {
  parseOutboundMessage,
  type SalesforceOptions,
  type SalesforceReceiver,
  salesforce,
  salesforceAck,
  salesforceFault,
} from "./receiver.js";
