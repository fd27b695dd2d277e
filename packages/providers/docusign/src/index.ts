export type {
  DocuSignConnectEvent,
  DocuSignEnvelopeSummary,
  DocuSignEventName,
  DocuSignEvents,
  DocuSignRecipient,
} from "./events.js";
export { type DocuSignOptions, type DocuSignReceiver, docusign } from "./receiver.js";
export { docusignScheme } from "./scheme.js";
