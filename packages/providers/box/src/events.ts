/** A user as Box describes one in events (`created_by`). */
export interface BoxUser {
  type: "user";
  id: string;
  name?: string;
  login?: string;
}

/** A file or folder (the `source` of file and folder events). */
export interface BoxItem {
  type: "file" | "folder";
  id: string;
  name?: string;
  etag?: string;
  sequence_id?: string;
  sha1?: string;
  size?: number;
  created_at?: string;
  modified_at?: string;
  parent?: { type: "folder"; id: string; name?: string };
  [field: string]: unknown;
}

/**
 * A Box webhook (v2) notification, written from Box's webhook reference
 * (developer.box.com/guides/webhooks/v2/) and the example in test/fixtures.
 */
export interface BoxWebhookEvent<T extends string, S = BoxItem> {
  type: "webhook_event";
  /** The event id: the same on every redelivery of this event. */
  id: string;
  created_at: string;
  /** The trigger (`FILE.UPLOADED`). */
  trigger: T;
  webhook: { id: string; type: "webhook" };
  created_by: BoxUser;
  source: S;
  additional_info?: Record<string, unknown> | unknown[];
}

type FileTrigger =
  | "FILE.UPLOADED"
  | "FILE.PREVIEWED"
  | "FILE.DOWNLOADED"
  | "FILE.TRASHED"
  | "FILE.DELETED"
  | "FILE.RESTORED"
  | "FILE.COPIED"
  | "FILE.MOVED"
  | "FILE.LOCKED"
  | "FILE.UNLOCKED"
  | "FILE.RENAMED";
type FolderTrigger =
  | "FOLDER.CREATED"
  | "FOLDER.RENAMED"
  | "FOLDER.DOWNLOADED"
  | "FOLDER.RESTORED"
  | "FOLDER.DELETED"
  | "FOLDER.COPIED"
  | "FOLDER.MOVED"
  | "FOLDER.TRASHED";
type OtherTrigger =
  | "COMMENT.CREATED"
  | "COMMENT.UPDATED"
  | "COMMENT.DELETED"
  | "COLLABORATION.CREATED"
  | "COLLABORATION.ACCEPTED"
  | "COLLABORATION.REJECTED"
  | "COLLABORATION.REMOVED"
  | "COLLABORATION.UPDATED"
  | "SHARED_LINK.CREATED"
  | "SHARED_LINK.UPDATED"
  | "SHARED_LINK.DELETED"
  | "METADATA_INSTANCE.CREATED"
  | "METADATA_INSTANCE.UPDATED"
  | "METADATA_INSTANCE.DELETED"
  | "TASK_ASSIGNMENT.CREATED"
  | "TASK_ASSIGNMENT.UPDATED"
  | "SIGN_REQUEST.COMPLETED"
  | "SIGN_REQUEST.DECLINED"
  | "SIGN_REQUEST.EXPIRED"
  | "WEBHOOK.DELETED";

/**
 * Box's webhook events by trigger, as Box names them (`FILE.UPLOADED`). Triggers not listed here
 * still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Uploaded = BoxEvents["FILE.UPLOADED"]["source"]["name"];
 * ```
 */
export type BoxEvents = { [T in FileTrigger | FolderTrigger]: BoxWebhookEvent<T, BoxItem> } & {
  [T in OtherTrigger]: BoxWebhookEvent<T, { type: string; id: string; [field: string]: unknown }>;
};

/** A Box trigger Hookwire types. */
export type BoxEventName = keyof BoxEvents & string;
