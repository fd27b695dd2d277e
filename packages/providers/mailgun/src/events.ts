/** Fields every Mailgun event (`event-data`) carries. */
export interface MailgunEventBase<E extends string> {
  /** The event (`delivered`). */
  event: E;
  /** The event id: unique per event. */
  id: string;
  /** Seconds since the epoch, with a fraction. */
  timestamp: number;
  "log-level"?: "info" | "warn" | "error";
  recipient?: string;
  "recipient-domain"?: string;
  tags?: string[];
  "user-variables"?: Record<string, unknown>;
  message?: {
    headers: { "message-id": string; from?: string; to?: string; subject?: string };
    attachments?: unknown[];
    size?: number;
  };
  flags?: Record<string, boolean>;
  storage?: { url: string; key: string; region?: string };
  [field: string]: unknown;
}

/** The delivery status of `delivered` and `failed`. */
export interface MailgunDeliveryStatus {
  code: number;
  message: string;
  description?: string;
  "attempt-no"?: number;
  "mx-host"?: string;
  tls?: boolean;
  "session-seconds"?: number;
  "retry-seconds"?: number;
  [field: string]: unknown;
}

/** A Mailgun HTTP webhook body: the signature and the event. */
export interface MailgunWebhook<D> {
  signature: { timestamp: string; token: string; signature: string };
  "event-data": D;
}

type Ev<E extends string, X = object> = MailgunWebhook<MailgunEventBase<E> & X>;

/**
 * Mailgun's webhook events by `event-data.event` as Mailgun names them (`delivered`, `opened`),
 * written from Mailgun's events reference (documentation.mailgun.com, Events) and the example in
 * test/fixtures. Permanent and temporary failures are both `failed` (`severity` tells them apart).
 *
 * @example
 * ```ts
 * type Failure = MailgunEvents["failed"]["event-data"]["severity"]; // "permanent" | "temporary"
 * ```
 */
export type MailgunEvents = {
  accepted: Ev<"accepted", { method?: string }>;
  rejected: Ev<"rejected", { reject?: { reason: string; description?: string } }>;
  delivered: Ev<"delivered", { "delivery-status": MailgunDeliveryStatus; envelope?: Record<string, string> }>;
  failed: Ev<
    "failed",
    { severity: "permanent" | "temporary"; reason: string; "delivery-status": MailgunDeliveryStatus }
  >;
  opened: Ev<
    "opened",
    { ip?: string; geolocation?: Record<string, string>; "client-info"?: Record<string, string> }
  >;
  clicked: Ev<"clicked", { url: string; ip?: string; geolocation?: Record<string, string> }>;
  unsubscribed: Ev<"unsubscribed", { ip?: string }>;
  complained: Ev<"complained", object>;
  stored: Ev<"stored", object>;
};

/** A Mailgun event name Hookwire types. */
export type MailgunEventName = keyof MailgunEvents & string;
