import type { LinearWebhookEventTypeMap } from "@linear/sdk/webhooks";

/** The resources whose webhooks carry an entity (`data`) and the actions create, update, remove. */
type EntityType =
  | "Attachment"
  | "AuditEntry"
  | "Comment"
  | "Customer"
  | "CustomerNeed"
  | "Cycle"
  | "Document"
  | "Initiative"
  | "InitiativeUpdate"
  | "Issue"
  | "IssueLabel"
  | "Project"
  | "ProjectUpdate"
  | "Reaction"
  | "User";

/** The actions of the other resources, from Linear's webhook and agent documentation. */
type OtherActions = {
  IssueSLA: "set" | "highRisk" | "breached";
  OAuthApp: "revoked";
  PermissionChange: "teamAccessChanged";
  AgentSessionEvent: "created" | "prompted";
};

type Map = LinearWebhookEventTypeMap;

type EntityEvents = {
  [K in EntityType as `${K}.${"create" | "update" | "remove"}`]: K extends keyof Map ? Map[K] : never;
};

type OtherEvents = {
  [K in keyof OtherActions as `${K}.${OtherActions[K]}`]: K extends keyof Map ? Map[K] : never;
};

/**
 * Linear's webhook events by Hookwire name, typed with the payloads `@linear/sdk` exports
 * (`LinearWebhookEventTypeMap`, an optional peer dependency: without it the receiver still works and
 * payloads are untyped). A name is the body's `type` and `action`: `Issue.create`,
 * `Comment.update`, `AgentSessionEvent.prompted`; the bare `type` (`Issue`) matches every action,
 * `AppUserNotification` included, whose actions are many.
 *
 * @example
 * ```ts
 * type Created = LinearEvents["Issue.create"]; // EntityWebhookPayloadWithIssueData
 * ```
 */
export type LinearEvents = Map & EntityEvents & OtherEvents;

/** A Linear event name Hookwire knows. */
export type LinearEventName = keyof LinearEvents & string;
