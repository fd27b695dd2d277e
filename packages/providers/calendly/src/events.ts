// Calendly publishes no TypeScript types for webhook payloads, so these are written from its webhook
// reference (developer.calendly.com/api-docs, "Webhook payload" and the Invitee, Invitee No Show and
// Routing Form Submission objects). Objects keep an index signature: Calendly adds fields.

/** A question and its answer on the booking form. */
export interface CalendlyQuestionAndAnswer {
  question: string;
  answer: string;
  position: number;
}

/** The scheduled event an invitee booked. */
export interface CalendlyScheduledEvent {
  uri: string;
  name: string;
  status: "active" | "canceled";
  start_time: string;
  end_time: string;
  event_type: string;
  location?: { type: string; location?: string; join_url?: string; [field: string]: unknown };
  event_memberships?: Array<{ user: string; user_email?: string; user_name?: string }>;
  [field: string]: unknown;
}

/** An invitee (`invitee.created`, `invitee.canceled`). */
export interface CalendlyInvitee {
  uri: string;
  email: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  status: "active" | "canceled";
  timezone: string | null;
  event: string;
  created_at: string;
  updated_at: string;
  cancel_url: string;
  reschedule_url: string;
  rescheduled: boolean;
  old_invitee: string | null;
  new_invitee: string | null;
  questions_and_answers: CalendlyQuestionAndAnswer[];
  tracking?: Record<string, string | null>;
  cancellation?: { canceled_by: string; reason: string | null; canceler_type: "host" | "invitee" };
  no_show?: { uri: string; created_at: string } | null;
  scheduled_event: CalendlyScheduledEvent;
  [field: string]: unknown;
}

/** A no-show mark (`invitee_no_show.created`, `invitee_no_show.deleted`). */
export interface CalendlyInviteeNoShow {
  uri: string;
  invitee: string;
  created_at: string;
  [field: string]: unknown;
}

/** A routing form submission (`routing_form_submission.created`). */
export interface CalendlyRoutingFormSubmission {
  uri: string;
  routing_form: string;
  questions_and_answers: Array<{ question_uuid: string; question: string; answer: string }>;
  tracking?: Record<string, string | null>;
  result?: { type: "event_type" | "custom_message" | "external_url"; value: unknown };
  submitter: string | null;
  submitter_type: "Invitee" | null;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** The envelope of every Calendly webhook. */
export interface CalendlyWebhook<E extends string, P> {
  event: E;
  created_at: string;
  created_by: string;
  payload: P;
}

/**
 * Calendly's webhook events by name, as the body's `event` carries them (`invitee.created`,
 * `invitee.canceled`). Another event still arrives, as an unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Booked = CalendlyEvents["invitee.created"]["payload"]["scheduled_event"]["start_time"]; // string
 * ```
 */
export type CalendlyEvents = {
  "invitee.created": CalendlyWebhook<"invitee.created", CalendlyInvitee>;
  "invitee.canceled": CalendlyWebhook<"invitee.canceled", CalendlyInvitee>;
  "invitee_no_show.created": CalendlyWebhook<"invitee_no_show.created", CalendlyInviteeNoShow>;
  "invitee_no_show.deleted": CalendlyWebhook<"invitee_no_show.deleted", CalendlyInviteeNoShow>;
  "routing_form_submission.created": CalendlyWebhook<
    "routing_form_submission.created",
    CalendlyRoutingFormSubmission
  >;
};

/** A Calendly event name Hookwire types. */
export type CalendlyEventName = keyof CalendlyEvents & string;
