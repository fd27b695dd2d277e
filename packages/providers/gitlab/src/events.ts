import type {
  WebhookCommitNoteEventSchema,
  WebhookDeploymentEventSchema,
  WebhookEmojiEventSchema,
  WebhookFeatureFlagEventSchema,
  WebhookGroupMemberEventSchema,
  WebhookIssueEventSchema,
  WebhookIssueNoteEventSchema,
  WebhookJobEventSchema,
  WebhookMergeRequestEventSchema,
  WebhookMergeRequestNoteEventSchema,
  WebhookPipelineEventSchema,
  WebhookPushEventSchema,
  WebhookReleaseEventSchema,
  WebhookSnippetNoteEventSchema,
  WebhookSubGroupEventSchema,
  WebhookTagEventSchema,
  WebhookWikiEventSchema,
} from "@gitbeaker/core";

/**
 * GitLab's webhook events by the body's `object_kind` (`event_name` for group member and subgroup
 * events), with payload types from `@gitbeaker/core` — the community-kept GitLab SDK, an optional
 * peer dependency: install it for the payload types; without it the receiver still works and
 * payloads are untyped.
 *
 * @example
 * ```ts
 * type MergeRequest = GitLabEvents["merge_request"]; // WebhookMergeRequestEventSchema
 * ```
 */
export type GitLabEvents = {
  push: WebhookPushEventSchema;
  tag_push: WebhookTagEventSchema;
  issue: WebhookIssueEventSchema;
  merge_request: WebhookMergeRequestEventSchema;
  note:
    | WebhookCommitNoteEventSchema
    | WebhookMergeRequestNoteEventSchema
    | WebhookIssueNoteEventSchema
    | WebhookSnippetNoteEventSchema;
  pipeline: WebhookPipelineEventSchema;
  build: WebhookJobEventSchema;
  wiki_page: WebhookWikiEventSchema;
  deployment: WebhookDeploymentEventSchema;
  release: WebhookReleaseEventSchema;
  emoji: WebhookEmojiEventSchema;
  feature_flag: WebhookFeatureFlagEventSchema;
} & { [E in WebhookGroupMemberEventSchema["event_name"]]: WebhookGroupMemberEventSchema } & {
  [E in WebhookSubGroupEventSchema["event_name"]]: WebhookSubGroupEventSchema;
};

/** A GitLab event name Hookwire knows. */
export type GitLabEventName = keyof GitLabEvents & string;
