/**
 * SendGrid Event Webhook payload types, written from SendGrid's reference
 * ("Event Webhook Reference", https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event);
 * SendGrid publishes no types of its own. Custom arguments (`custom_args` / unique args) arrive as
 * extra top-level fields, hence the index signature.
 */

/** Fields every event carries. */
export interface SendGridEventBase {
  /** The recipient. */
  email: string;
  /** Unix seconds when the event happened. */
  timestamp: number;
  /** SendGrid's unique id of this event (the idempotency key). */
  sg_event_id: string;
  /** SendGrid's id of the message. */
  sg_message_id?: string;
  /** The SMTP id of the message. */
  "smtp-id"?: string;
  /** The categories the message was sent with. */
  category?: string | string[];
  /** The marketing campaign or single send. */
  marketing_campaign_id?: number;
  marketing_campaign_name?: string;
  /** The IP pool the message went through. */
  pool?: { name: string; id: number };
  /** Unique arguments and custom fields. */
  [customArg: string]: unknown;
}

/** Delivery events: the message was accepted, dropped, delivered, deferred or bounced. */
export interface SendGridProcessedEvent extends SendGridEventBase {
  event: "processed";
  send_at?: number;
}
export interface SendGridDroppedEvent extends SendGridEventBase {
  event: "dropped";
  reason: string;
  status?: string;
}
export interface SendGridDeliveredEvent extends SendGridEventBase {
  event: "delivered";
  response: string;
  ip?: string;
  tls?: number;
  cert_err?: number;
}
export interface SendGridDeferredEvent extends SendGridEventBase {
  event: "deferred";
  response: string;
  attempt: string;
  ip?: string;
  tls?: number;
  cert_err?: number;
}
export interface SendGridBounceEvent extends SendGridEventBase {
  event: "bounce";
  /** `bounce` (the server refused the recipient) or `blocked` (the server refused the message). */
  type: "bounce" | "blocked";
  reason: string;
  status: string;
  bounce_classification?: string;
  ip?: string;
  tls?: number;
  cert_err?: number;
}

/** Engagement events. */
export interface SendGridOpenEvent extends SendGridEventBase {
  event: "open";
  useragent: string;
  ip: string;
  sg_machine_open?: boolean;
}
export interface SendGridClickEvent extends SendGridEventBase {
  event: "click";
  url: string;
  url_offset?: { index: number; type: string };
  useragent: string;
  ip: string;
}
export interface SendGridSpamReportEvent extends SendGridEventBase {
  event: "spamreport";
}
export interface SendGridUnsubscribeEvent extends SendGridEventBase {
  event: "unsubscribe";
}
export interface SendGridGroupUnsubscribeEvent extends SendGridEventBase {
  event: "group_unsubscribe";
  asm_group_id: number;
  useragent?: string;
  ip?: string;
  url?: string;
}
export interface SendGridGroupResubscribeEvent extends SendGridEventBase {
  event: "group_resubscribe";
  asm_group_id: number;
  useragent?: string;
  ip?: string;
  url?: string;
}

/** Account status changes (compliance review). */
export interface SendGridAccountStatusChangeEvent {
  event: "account_status_change";
  sg_event_id: string;
  timestamp: number;
  type:
    | "compliance_suspend"
    | "compliance_deactivate"
    | "compliance_ban"
    | "compliance_delete"
    | "reactivate";
  [field: string]: unknown;
}

/** One item of an Event Webhook batch, discriminated by `event`. */
export type SendGridEvent =
  | SendGridProcessedEvent
  | SendGridDroppedEvent
  | SendGridDeliveredEvent
  | SendGridDeferredEvent
  | SendGridBounceEvent
  | SendGridOpenEvent
  | SendGridClickEvent
  | SendGridSpamReportEvent
  | SendGridUnsubscribeEvent
  | SendGridGroupUnsubscribeEvent
  | SendGridGroupResubscribeEvent
  | SendGridAccountStatusChangeEvent;

/** A SendGrid event name (`delivered`, `bounce`, …). */
export type SendGridEventName = SendGridEvent["event"];

/** The item type of one event name. */
export type SendGridEventOf<N extends SendGridEventName> = Extract<SendGridEvent, { event: N }>;

/**
 * The SendGrid receiver's events: one request is a batch of events of any kinds, delivered as the
 * `events` event whose payload is the array (narrow an item with `item.event === "bounce"`, or take
 * one kind with `sendgridEventsOf`).
 *
 * @example
 * ```ts
 * hooks.on("sendgrid", "events", (event) => {
 *   for (const item of event.payload) if (item.event === "bounce") console.log(item.reason);
 * });
 * ```
 */
export type SendGridEvents = {
  events: SendGridEvent[];
};

/**
 * The items of a batch with one event name, typed.
 *
 * @example
 * ```ts
 * for (const bounce of sendgridEventsOf(event.payload, "bounce")) console.log(bounce.status);
 * ```
 */
export function sendgridEventsOf<N extends SendGridEventName>(
  batch: readonly SendGridEvent[],
  name: N,
): SendGridEventOf<N>[] {
  return batch.filter((item): item is SendGridEventOf<N> => item.event === name);
}
