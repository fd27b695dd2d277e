// Atlassian publishes no TypeScript package for Jira webhook bodies, so these are written from the
// Jira Cloud webhook reference (developer.atlassian.com/cloud/jira/platform/webhooks/) and the
// issue, comment and user objects of its REST reference. Objects keep an index signature: fields
// depend on the site's configuration (custom fields) and Atlassian adds more.

/** A user as webhooks carry it. */
export interface JiraUser {
  self: string;
  accountId: string;
  accountType?: "atlassian" | "app" | "customer" | string;
  displayName: string;
  active: boolean;
  timeZone?: string;
  avatarUrls?: Record<string, string>;
  [field: string]: unknown;
}

/** An issue. `fields` holds system fields and `customfield_…` ones. */
export interface JiraIssue {
  id: string;
  key: string;
  self: string;
  fields: {
    summary: string;
    issuetype: { id: string; name: string; subtask?: boolean; [field: string]: unknown };
    project: { id: string; key: string; name: string; [field: string]: unknown };
    status?: {
      id: string;
      name: string;
      statusCategory?: { key: string; name: string };
      [field: string]: unknown;
    };
    priority?: { id: string; name: string } | null;
    assignee?: JiraUser | null;
    reporter?: JiraUser | null;
    created?: string;
    updated?: string;
    labels?: string[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** What changed, on `jira:issue_updated`. */
export interface JiraChangelog {
  id: string;
  items: Array<{
    field: string;
    fieldtype: string;
    fieldId?: string;
    from: string | null;
    fromString: string | null;
    to: string | null;
    toString: string | null;
  }>;
}

/** A comment. */
export interface JiraComment {
  id: string;
  self: string;
  author: JiraUser;
  body: unknown;
  updateAuthor?: JiraUser;
  created: string;
  updated: string;
  jsdPublic?: boolean;
  [field: string]: unknown;
}

/** A worklog entry. */
export interface JiraWorklog {
  id: string;
  issueId: string;
  self: string;
  author: JiraUser;
  timeSpent: string;
  timeSpentSeconds: number;
  started: string;
  [field: string]: unknown;
}

/** A sprint (`sprint_*`). */
export interface JiraSprint {
  id: number;
  self: string;
  state: "future" | "active" | "closed" | string;
  name: string;
  startDate?: string;
  endDate?: string;
  originBoardId: number;
  goal?: string;
  [field: string]: unknown;
}

/** A project version (`jira:version_*`). */
export interface JiraVersion {
  id: string;
  self: string;
  name: string;
  archived: boolean;
  released: boolean;
  releaseDate?: string;
  projectId: number;
  [field: string]: unknown;
}

/** A project (`project_*`). */
export interface JiraProject {
  id: number | string;
  key: string;
  name: string;
  self: string;
  projectLead?: JiraUser;
  [field: string]: unknown;
}

/** The envelope of every Jira webhook. */
export interface JiraWebhookBase<E extends string> {
  /** When the event happened, in milliseconds since the epoch. */
  timestamp: number;
  webhookEvent: E;
  /** Set on webhooks that match the `matchedWebhookIds` of several registrations (apps). */
  matchedWebhookIds?: number[];
}

/** `jira:issue_*`. */
export interface JiraIssueEvent<E extends string> extends JiraWebhookBase<E> {
  issue_event_type_name?: string;
  user: JiraUser;
  issue: JiraIssue;
  changelog?: JiraChangelog;
  comment?: JiraComment;
}

type IssueEvent = "jira:issue_created" | "jira:issue_updated" | "jira:issue_deleted";
type CommentEvent = "comment_created" | "comment_updated" | "comment_deleted";
type WorklogEvent = "worklog_created" | "worklog_updated" | "worklog_deleted";
type SprintEvent =
  | "sprint_created"
  | "sprint_started"
  | "sprint_closed"
  | "sprint_updated"
  | "sprint_deleted";
type VersionEvent =
  | "jira:version_created"
  | "jira:version_updated"
  | "jira:version_released"
  | "jira:version_unreleased"
  | "jira:version_moved"
  | "jira:version_merged"
  | "jira:version_deleted";
type ProjectEvent = "project_created" | "project_updated" | "project_deleted";
type UserEvent = "user_created" | "user_updated" | "user_deleted";

/**
 * Jira's webhook events by `webhookEvent`, exactly as Jira names them (`jira:issue_created`,
 * `comment_created`, `sprint_started`); `jira:*` matches every `jira:` event. Another event still
 * arrives, as an unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Created = JiraEvents["jira:issue_created"]["issue"]["key"]; // string
 * ```
 */
export type JiraEvents = { [E in IssueEvent]: JiraIssueEvent<E> } & {
  [E in CommentEvent]: JiraWebhookBase<E> & { comment: JiraComment; issue: JiraIssue };
} & { [E in WorklogEvent]: JiraWebhookBase<E> & { worklog: JiraWorklog } } & {
  [E in SprintEvent]: JiraWebhookBase<E> & { sprint: JiraSprint; oldValue?: Partial<JiraSprint> };
} & { [E in VersionEvent]: JiraWebhookBase<E> & { version: JiraVersion } } & {
  [E in ProjectEvent]: JiraWebhookBase<E> & { project: JiraProject };
} & { [E in UserEvent]: JiraWebhookBase<E> & { user: JiraUser } };

/** A Jira event name Hookwire types. */
export type JiraEventName = keyof JiraEvents & string;
