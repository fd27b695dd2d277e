export type {
  IntercomCompany,
  IntercomContact,
  IntercomConversation,
  IntercomDeleted,
  IntercomEvents,
  IntercomNotification,
  IntercomPing,
  IntercomTicket,
  IntercomTopic,
} from "./events.js";
export { type IntercomOptions, type IntercomReceiver, intercom } from "./receiver.js";
export { intercomScheme } from "./scheme.js";
