/**
 * The shared envelope of Zendesk event-subscription webhooks (`zen:event-type:…`).
 *
 * @example
 * ```ts
 * hooks.on("zendesk", "zen:event-type:user.created", (event) => event.payload.detail.email);
 * ```
 */
export interface ZendeskEvent<
  TType extends string = string,
  TDetail = Record<string, unknown>,
  TEvent = Record<string, unknown>,
> {
  type: TType;
  account_id: number;
  /** Unique per event: used as the Hookwire event id (idempotency). */
  id: string;
  /** ISO 8601. */
  time: string;
  zendesk_event_version: string;
  /** The resource, as `zen:<domain>:<id>` (`zen:user:6596848315901`). */
  subject: string;
  /** The resource after the change. */
  detail: TDetail;
  /** What changed (e.g. `{ current, previous }`). */
  event: TEvent;
}

/** The `detail` of user events: properties of the user resource. */
export interface ZendeskUserDetail {
  id: string;
  email?: string | null;
  external_id?: string | null;
  created_at: string;
  updated_at: string;
  default_group_id?: string;
  organization_id?: string | null;
  role: "end-user" | "agent" | "admin" | string;
  [field: string]: unknown;
}

/** The `detail` of organization events: properties of the organization resource. */
export interface ZendeskOrganizationDetail {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  external_id?: string | null;
  group_id?: string | null;
  shared_comments: boolean;
  shared_tickets: boolean;
  [field: string]: unknown;
}

/** A `{ current, previous }` change. */
export interface ZendeskChange<T = unknown> {
  current: T;
  previous: T;
}

/** User event types documented by Zendesk. */
export type ZendeskUserEventType =
  | "active_changed"
  | "alias_changed"
  | "created"
  | "custom_field_changed"
  | "custom_role_changed"
  | "default_group_changed"
  | "deleted"
  | "details_changed"
  | "external_id_changed"
  | "group_membership_created"
  | "group_membership_deleted"
  | "identity_changed"
  | "identity_created"
  | "identity_deleted"
  | "last_login_changed"
  | "merged"
  | "name_changed"
  | "notes_changed"
  | "only_private_comments_changed"
  | "organization_membership_created"
  | "organization_membership_deleted"
  | "password_changed"
  | "photo_changed"
  | "role_changed"
  | "suspended_changed"
  | "tags_changed"
  | "time_zone_changed";

/** Organization event types documented by Zendesk. */
export type ZendeskOrganizationEventType =
  | "created"
  | "custom_field_changed"
  | "deleted"
  | "external_id_changed"
  | "name_changed"
  | "tags_changed";

/**
 * A webhook connected to a trigger or automation: its content is what you wrote in the trigger's
 * action, so Hookwire cannot type it further. Its Hookwire type is `custom`. A JSON body or form
 * fields (or, without a body — GET, DELETE — the URL parameters) give an object; an XML body gives
 * its text. `event.meta.format` is `"json"`, `"form"`, `"query"` or `"xml"`.
 *
 * @example
 * ```ts
 * const ticket = (payload: ZendeskCustomPayload) => (typeof payload === "string" ? payload : payload.ticket_id);
 * ```
 */
export type ZendeskCustomPayload = Record<string, unknown> | string;

/**
 * Zendesk webhooks by Hookwire name: event-subscription webhooks by their body `type`
 * (`zen:event-type:user.created`), trigger and automation webhooks as `custom`. Written from
 * Zendesk's webhook event-type reference (Zendesk keeps no types package).
 *
 * @example
 * ```ts
 * type Created = ZendeskEvents["zen:event-type:organization.created"]["detail"]["name"]; // string
 * ```
 */
export type ZendeskEvents = {
  [T in ZendeskUserEventType as `zen:event-type:user.${T}`]: ZendeskEvent<
    `zen:event-type:user.${T}`,
    ZendeskUserDetail
  >;
} & {
  [T in ZendeskOrganizationEventType as `zen:event-type:organization.${T}`]: ZendeskEvent<
    `zen:event-type:organization.${T}`,
    ZendeskOrganizationDetail
  >;
} & {
  "zen:event-type:user.active_changed": ZendeskEvent<
    "zen:event-type:user.active_changed",
    ZendeskUserDetail,
    ZendeskChange<boolean>
  >;
  custom: ZendeskCustomPayload;
};

/** A Zendesk event name Hookwire knows. */
export type ZendeskEventName = keyof ZendeskEvents & string;
