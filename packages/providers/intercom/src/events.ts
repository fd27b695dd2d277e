// Intercom publishes no TypeScript types for webhook notifications, so these are written from its
// webhook reference (developers.intercom.com/docs/references/webhooks/webhook-models). Objects keep an
// index signature: Intercom adds fields with every API version.

/** A conversation (`conversation.*` topics). */
export interface IntercomConversation {
  type: "conversation";
  id: string;
  created_at: number;
  updated_at: number;
  title?: string | null;
  state: "open" | "closed" | "snoozed" | string;
  open: boolean;
  read?: boolean;
  priority?: "priority" | "not_priority" | string;
  admin_assignee_id?: number | null;
  team_assignee_id?: string | number | null;
  source?: {
    type: string;
    id: string;
    body?: string;
    author?: { type: string; id: string; name?: string | null; email?: string | null };
    [field: string]: unknown;
  };
  contacts?: {
    type: "contact.list";
    contacts: Array<{ type: "contact"; id: string; external_id?: string | null }>;
  };
  conversation_parts?: {
    type: "conversation_part.list";
    conversation_parts: Array<Record<string, unknown>>;
    total_count: number;
  };
  [field: string]: unknown;
}

/** A contact (`contact.*` topics): a user or a lead. */
export interface IntercomContact {
  type: "contact";
  id: string;
  workspace_id?: string;
  external_id?: string | null;
  role: "user" | "lead" | string;
  email: string | null;
  name: string | null;
  phone?: string | null;
  created_at: number;
  updated_at: number;
  custom_attributes?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A company (`company.*` topics). */
export interface IntercomCompany {
  type: "company";
  id: string;
  company_id: string;
  name: string;
  created_at: number;
  updated_at: number;
  custom_attributes?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A ticket (`ticket.*` topics). */
export interface IntercomTicket {
  type: "ticket";
  id: string;
  ticket_id: string;
  ticket_state?: string | Record<string, unknown>;
  ticket_attributes?: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

/** The `ping` a webhook's test button and subscription changes send. */
export interface IntercomPing {
  type: "ping";
  message: string;
  [field: string]: unknown;
}

/** The notification envelope: the topic and the item it is about. */
export interface IntercomNotification<T extends string, I> {
  type: "notification_event";
  /** The notification id (`notif_…`), the same for each delivery attempt of one notification. */
  id: string;
  app_id: string;
  topic: T;
  data: { type: "notification_event_data"; item: I };
  delivery_status?: string | null;
  delivery_attempts: number;
  delivered_at: number;
  first_sent_at: number;
  created_at: number;
  self?: string | null;
  links?: Record<string, unknown>;
}

type ConversationTopic =
  | "conversation.user.created"
  | "conversation.user.replied"
  | "conversation.admin.single.created"
  | "conversation.admin.replied"
  | "conversation.admin.noted"
  | "conversation.admin.assigned"
  | "conversation.admin.closed"
  | "conversation.admin.opened"
  | "conversation.admin.snoozed"
  | "conversation.admin.unsnoozed"
  | "conversation.rating.added"
  | "conversation_part.tag.created"
  | "conversation_part.redacted";

type ContactTopic =
  | "contact.user.created"
  | "contact.user.updated"
  | "contact.lead.created"
  | "contact.lead.updated"
  | "contact.lead.signed_up"
  | "contact.subscribed"
  | "contact.unsubscribed";

type CompanyTopic = "company.created" | "company.updated";

type TicketTopic =
  | "ticket.created"
  | "ticket.state.updated"
  | "ticket.note.created"
  | "ticket.admin.assigned"
  | "ticket.team.assigned";

/** What the `*.deleted` topics carry: the deleted object's identifying fields, not the object. */
export interface IntercomDeleted {
  type: string;
  id: string;
  [field: string]: unknown;
}

type DeletedTopic = "conversation.deleted" | "contact.deleted" | "company.deleted";

/**
 * Intercom's webhook topics by name, as the body's `topic` carries them
 * (`conversation.user.created`, `contact.lead.created`, `ping`); a prefix with `.*`
 * (`conversation.*`) matches a group. A topic not listed here still arrives, as an unknown event
 * with an untyped payload.
 *
 * @example
 * ```ts
 * type Replied = IntercomEvents["conversation.user.replied"]["data"]["item"]; // IntercomConversation
 * ```
 */
export type IntercomEvents = { [T in ConversationTopic]: IntercomNotification<T, IntercomConversation> } & {
  [T in ContactTopic]: IntercomNotification<T, IntercomContact>;
} & { [T in CompanyTopic]: IntercomNotification<T, IntercomCompany> } & {
  [T in TicketTopic]: IntercomNotification<T, IntercomTicket>;
} & { [T in DeletedTopic]: IntercomNotification<T, IntercomDeleted> } & {
  ping: IntercomNotification<"ping", IntercomPing>;
};

/** An Intercom topic Hookwire types. */
export type IntercomTopic = keyof IntercomEvents & string;
