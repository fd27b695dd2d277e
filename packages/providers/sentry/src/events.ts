// Sentry publishes no TypeScript types for integration-platform webhooks (the @sentry/* packages
// report errors; they do not receive webhooks), so these are written from Sentry's webhook reference
// (docs.sentry.io/organization/integrations/integration-platform/webhooks/). Objects keep an index
// signature: Sentry adds fields without notice.

/** Who caused the event. */
export interface SentryActor {
  type: "user" | "application" | string;
  id: string | number;
  name: string;
}

/** The installation the webhook is for. */
export interface SentryInstallationRef {
  uuid: string;
}

/** The envelope of every integration webhook. */
export interface SentryWebhook<A extends string, D> {
  action: A;
  installation: SentryInstallationRef;
  data: D;
  actor: SentryActor;
}

/** `installation.created` / `installation.deleted`. */
export interface SentryInstallationData {
  installation: {
    uuid: string;
    status: "pending" | "installed" | string;
    /** The grant code to exchange for a token (within 10 minutes), on `installation.created`. */
    code?: string;
    app: { uuid: string; slug: string };
    organization: { slug: string };
    [field: string]: unknown;
  };
}

/** An issue. */
export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  level: "fatal" | "error" | "warning" | "info" | "debug" | string;
  status: "resolved" | "unresolved" | "ignored" | string;
  substatus?: string | null;
  platform: string;
  project: { id: string; name: string; slug: string; platform?: string | null };
  firstSeen: string;
  lastSeen: string;
  count: string;
  userCount: number;
  web_url?: string;
  project_url?: string;
  url?: string;
  assignedTo?: { type: string; id: string; name: string; email?: string } | null;
  [field: string]: unknown;
}

/** An error event (`error.created`, and the `event` of `event_alert.triggered`). */
export interface SentryErrorEvent {
  event_id: string;
  project: number;
  level: string;
  title: string;
  culprit?: string | null;
  message?: string;
  platform: string;
  datetime: string;
  timestamp?: number;
  issue_id?: string;
  issue_url?: string;
  url: string;
  web_url: string;
  tags?: Array<[string, string]>;
  [field: string]: unknown;
}

/** A comment on an issue. */
export interface SentryCommentData {
  comment_id: number | string;
  issue_id: number | string;
  project_slug: string;
  timestamp: string;
  comment: string;
}

/** `metric_alert.*`. */
export interface SentryMetricAlertData {
  metric_alert: {
    id: string;
    title: string;
    status: number;
    date_started: string;
    date_detected: string;
    date_closed: string | null;
    alert_rule: { id: string; name: string; [field: string]: unknown };
    [field: string]: unknown;
  };
  description_text: string;
  description_title: string;
  web_url: string;
}

/**
 * Sentry's integration webhooks by Hookwire name, `<Sentry-Hook-Resource>.<action>`
 * (`issue.created`, `event_alert.triggered`); `issue` alone matches every issue action. A resource
 * or action not listed here still arrives, as an unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Created = SentryEvents["issue.created"]["data"]["issue"]; // SentryIssue
 * ```
 */
export type SentryEvents = {
  "installation.created": SentryWebhook<"created", SentryInstallationData>;
  "installation.deleted": SentryWebhook<"deleted", SentryInstallationData>;
  "issue.created": SentryWebhook<"created", { issue: SentryIssue }>;
  "issue.resolved": SentryWebhook<"resolved", { issue: SentryIssue; resolution_type?: string }>;
  "issue.assigned": SentryWebhook<"assigned", { issue: SentryIssue }>;
  "issue.archived": SentryWebhook<"archived", { issue: SentryIssue }>;
  "issue.unresolved": SentryWebhook<"unresolved", { issue: SentryIssue }>;
  "error.created": SentryWebhook<"created", { error: SentryErrorEvent }>;
  "comment.created": SentryWebhook<"created", SentryCommentData>;
  "comment.updated": SentryWebhook<"updated", SentryCommentData>;
  "comment.deleted": SentryWebhook<"deleted", SentryCommentData>;
  "event_alert.triggered": SentryWebhook<"triggered", { event: SentryErrorEvent; triggered_rule: string }>;
  "activity_alert.triggered": SentryWebhook<
    "triggered",
    {
      issue: SentryIssue;
      activity: { id: string; type: string; [field: string]: unknown };
      triggered_rule?: string;
    }
  >;
  "metric_alert.critical": SentryWebhook<"critical", SentryMetricAlertData>;
  "metric_alert.warning": SentryWebhook<"warning", SentryMetricAlertData>;
  "metric_alert.resolved": SentryWebhook<"resolved", SentryMetricAlertData>;
};

type Resource<N> = N extends `${infer R}.${string}` ? R : never;

/** Each resource name on its own (`issue`), for handlers of every action. */
export type SentryResourceEvents = {
  [R in Resource<keyof SentryEvents>]: SentryEvents[Extract<keyof SentryEvents, `${R}.${string}`>];
};

/** A Sentry event name Hookwire types. */
export type SentryEventName = keyof SentryEvents & string;
