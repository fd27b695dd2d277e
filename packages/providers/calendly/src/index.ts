export type {
  CalendlyEventName,
  CalendlyEvents,
  CalendlyInvitee,
  CalendlyInviteeNoShow,
  CalendlyQuestionAndAnswer,
  CalendlyRoutingFormSubmission,
  CalendlyScheduledEvent,
  CalendlyWebhook,
} from "./events.js";
export { type CalendlyOptions, type CalendlyReceiver, calendly } from "./receiver.js";
export { CALENDLY_TOLERANCE_SECONDS, calendlyScheme, calendlySchemeWith } from "./scheme.js";
