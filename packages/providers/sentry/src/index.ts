export type {
  SentryActor,
  SentryCommentData,
  SentryErrorEvent,
  SentryEventName,
  SentryEvents,
  SentryInstallationData,
  SentryInstallationRef,
  SentryIssue,
  SentryMetricAlertData,
  SentryResourceEvents,
  SentryWebhook,
} from "./events.js";
export { type SentryOptions, type SentryReceiver, sentry } from "./receiver.js";
export { sentryScheme } from "./scheme.js";
