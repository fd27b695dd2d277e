// Notion's SDK (@notionhq/client) types the REST API, not webhook deliveries, so these are written
// from Notion's webhook reference (developers.notion.com/reference/webhooks-events-delivery). Objects
// keep an index signature: Notion adds fields with new API versions.

/** Who caused the event. */
export interface NotionAuthor {
  id: string;
  type: "person" | "bot" | "agent" | string;
}

/** The object the event is about. */
export interface NotionEntity<T extends string = string> {
  id: string;
  type: T;
}

/** The parent of a page, database or comment. */
export interface NotionParent {
  id: string;
  type: "page" | "database" | "data_source" | "block" | "space" | "workspace" | "team" | string;
  data_source_id?: string;
}

/** The envelope of every Notion webhook event. */
export interface NotionWebhook<T extends string, E extends string, D> {
  /** The event id, the same on each delivery attempt. */
  id: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  workspace_id: string;
  workspace_name?: string;
  subscription_id: string;
  integration_id: string;
  type: T;
  authors: NotionAuthor[];
  accessible_by?: NotionAuthor[];
  attempt_number: number;
  api_version?: string;
  entity: NotionEntity<E>;
  data: D;
}

/** `data` of page and database events: the parent, and what changed where Notion says so. */
export interface NotionChangeData {
  parent?: NotionParent;
  updated_blocks?: NotionEntity[];
  updated_properties?: string[];
  [field: string]: unknown;
}

/** `data` of comment events. */
export interface NotionCommentData {
  page_id: string;
  parent: NotionParent;
  [field: string]: unknown;
}

type PageType =
  | "page.created"
  | "page.properties_updated"
  | "page.content_updated"
  | "page.moved"
  | "page.deleted"
  | "page.undeleted"
  | "page.locked"
  | "page.unlocked";

type DatabaseType =
  | "database.created"
  | "database.content_updated"
  | "database.moved"
  | "database.deleted"
  | "database.undeleted"
  | "database.schema_updated";

type DataSourceType =
  | "data_source.created"
  | "data_source.content_updated"
  | "data_source.moved"
  | "data_source.deleted"
  | "data_source.undeleted"
  | "data_source.schema_updated";

type CommentType = "comment.created" | "comment.updated" | "comment.deleted";

/**
 * Notion's webhook events by name, as the body's `type` carries them (`page.created`,
 * `comment.created`); `page.*` matches a group. Another type still arrives, as an unknown event with
 * an untyped payload.
 *
 * @example
 * ```ts
 * type Changed = NotionEvents["page.properties_updated"]["data"]["updated_properties"]; // string[] | undefined
 * ```
 */
export type NotionEvents = { [T in PageType]: NotionWebhook<T, "page", NotionChangeData> } & {
  [T in DatabaseType]: NotionWebhook<T, "database", NotionChangeData>;
} & { [T in DataSourceType]: NotionWebhook<T, "data_source", NotionChangeData> } & {
  [T in CommentType]: NotionWebhook<T, "comment", NotionCommentData>;
};

/** A Notion event name Hookwire types. */
export type NotionEventName = keyof NotionEvents & string;
