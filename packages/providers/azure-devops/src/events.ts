/**
 * The envelope of every service hook event (learn.microsoft.com/azure/devops/service-hooks/events).
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsEvent<"push", unknown>) {
 *   return value.subscriptionId;
 * }
 * ```
 */
export interface AzureDevOpsEvent<TType extends string, TResource> {
  subscriptionId: string;
  notificationId: number;
  id: string;
  eventType: TType;
  publisherId: string;
  /** `null` when the subscription's "Messages to send" is *None*. */
  message: { text: string; html?: string; markdown?: string } | null;
  detailedMessage: { text: string; html?: string; markdown?: string } | null;
  resource: TResource;
  resourceVersion: string;
  resourceContainers: Record<string, { id: string; baseUrl?: string }>;
  createdDate: string;
}

/**
 * The `resource` of `git.push`.
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsGitPush) {
 *   return value.commits;
 * }
 * ```
 */
export interface AzureDevOpsGitPush {
  commits: Array<{
    commitId: string;
    author: { name: string; email: string; date: string };
    comment: string;
    url: string;
  }>;
  refUpdates: Array<{ name: string; oldObjectId: string; newObjectId: string }>;
  repository: {
    id: string;
    name: string;
    url: string;
    project: { id: string; name: string };
    defaultBranch?: string;
    remoteUrl: string;
  };
  pushedBy: { id: string; displayName: string; uniqueName: string };
  pushId: number;
  date: string;
  url: string;
}

/**
 * The `resource` of `build.complete`.
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsBuild) {
 *   return value.id;
 * }
 * ```
 */
export interface AzureDevOpsBuild {
  id: number;
  buildNumber: string;
  status: string;
  result: "succeeded" | "partiallySucceeded" | "failed" | "canceled" | (string & {});
  reason?: string;
  startTime?: string;
  finishTime?: string;
  sourceBranch?: string;
  sourceVersion?: string;
  url: string;
  definition: { id: number; name: string; url?: string };
  project?: { id: string; name: string };
  requests?: Array<{ requestedFor: { displayName: string; uniqueName: string } }>;
}

/**
 * The `resource` of the `workitem.*` events (`revision` on updates).
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsWorkItem) {
 *   return value.id;
 * }
 * ```
 */
export interface AzureDevOpsWorkItem {
  id: number;
  rev: number;
  workItemId?: number;
  fields: Record<string, unknown>;
  url: string;
  revision?: { id: number; rev: number; fields: Record<string, unknown> };
}

/**
 * The `resource` of the `git.pullrequest.*` events.
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsPullRequest) {
 *   return value.repository;
 * }
 * ```
 */
export interface AzureDevOpsPullRequest {
  repository: { id: string; name: string; url: string; project: { id: string; name: string } };
  pullRequestId: number;
  status: string;
  createdBy: { id: string; displayName: string; uniqueName: string };
  creationDate: string;
  title: string;
  description?: string;
  sourceRefName: string;
  targetRefName: string;
  mergeStatus?: string;
  url: string;
}

/**
 * The `resource` of the YAML pipeline events (`ms.vss-pipelines.run-state-changed-event` and friends).
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsPipelineRunStateChanged) {
 *   return value.run;
 * }
 * ```
 */
export interface AzureDevOpsPipelineRunStateChanged {
  run: {
    id: number;
    name: string;
    state: "inProgress" | "completed" | "canceling" | (string & {});
    result?: "succeeded" | "failed" | "canceled" | (string & {});
    createdDate: string;
    finishedDate?: string;
    url: string;
    pipeline: { id: number; name: string; folder?: string; revision?: number; url: string };
    resources?: Record<string, unknown>;
  };
  pipeline: { id: number; name: string; folder?: string; revision?: number; url: string };
  runId: number;
  runUrl?: string;
  pipelineId: number;
  stageName?: string;
  stageId?: string;
}

/**
 * The `resource` of `ms.vss-release.deployment-completed-event` (classic release pipelines).
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsReleaseDeploymentCompleted) {
 *   return value.environment;
 * }
 * ```
 */
export interface AzureDevOpsReleaseDeploymentCompleted {
  environment: {
    id: number;
    releaseId: number;
    name: string;
    status: string;
    release?: { id: number; name: string; url: string };
    releaseDefinition?: { id: number; name: string; url: string };
  };
  project: { id: string; name: string };
  deployment?: { id: number; deploymentStatus: string; attempt: number; reason?: string };
  comment?: string;
}

/**
 * The `resource` of `ms.vss-code.git-pullrequest-comment-event`.
 *
 * @example
 * ```ts
 * function read(value: AzureDevOpsPullRequestComment) {
 *   return value.comment;
 * }
 * ```
 */
export interface AzureDevOpsPullRequestComment {
  comment: {
    id: number;
    parentCommentId: number;
    author: { id: string; displayName: string; uniqueName: string };
    content: string;
    publishedDate: string;
    lastUpdatedDate: string;
    commentType: string;
  };
  pullRequest: AzureDevOpsPullRequest;
}

/**
 * Azure DevOps events by `eventType` (those ASP.NET WebHooks typed, and more).
 *
 * @example
 * ```ts
 * type Known = AzureDevOpsEvents;
 * ```
 */
export type AzureDevOpsEvents = {
  "git.push": AzureDevOpsEvent<"git.push", AzureDevOpsGitPush>;
  "git.pullrequest.created": AzureDevOpsEvent<"git.pullrequest.created", AzureDevOpsPullRequest>;
  "git.pullrequest.updated": AzureDevOpsEvent<"git.pullrequest.updated", AzureDevOpsPullRequest>;
  "git.pullrequest.merged": AzureDevOpsEvent<"git.pullrequest.merged", AzureDevOpsPullRequest>;
  "build.complete": AzureDevOpsEvent<"build.complete", AzureDevOpsBuild>;
  "workitem.created": AzureDevOpsEvent<"workitem.created", AzureDevOpsWorkItem>;
  "workitem.updated": AzureDevOpsEvent<"workitem.updated", AzureDevOpsWorkItem>;
  "workitem.deleted": AzureDevOpsEvent<"workitem.deleted", AzureDevOpsWorkItem>;
  "workitem.restored": AzureDevOpsEvent<"workitem.restored", AzureDevOpsWorkItem>;
  "workitem.commented": AzureDevOpsEvent<"workitem.commented", AzureDevOpsWorkItem>;
  "message.posted": AzureDevOpsEvent<
    "message.posted",
    {
      id: number;
      content: string;
      messageType: string;
      postedTime: string;
      postedRoomId: number;
      postedBy: { id: string; displayName: string };
    }
  >;
  "ms.vss-pipelines.run-state-changed-event": AzureDevOpsEvent<
    "ms.vss-pipelines.run-state-changed-event",
    AzureDevOpsPipelineRunStateChanged
  >;
  "ms.vss-pipelines.stage-state-changed-event": AzureDevOpsEvent<
    "ms.vss-pipelines.stage-state-changed-event",
    AzureDevOpsPipelineRunStateChanged
  >;
  "ms.vss-release.deployment-completed-event": AzureDevOpsEvent<
    "ms.vss-release.deployment-completed-event",
    AzureDevOpsReleaseDeploymentCompleted
  >;
  "ms.vss-code.git-pullrequest-comment-event": AzureDevOpsEvent<
    "ms.vss-code.git-pullrequest-comment-event",
    AzureDevOpsPullRequestComment
  >;
  "tfvc.checkin": AzureDevOpsEvent<
    "tfvc.checkin",
    {
      changesetId: number;
      url: string;
      author: { displayName: string };
      comment: string;
      createdDate: string;
    }
  >;
};
