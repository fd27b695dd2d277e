/** The envelope of every service hook event (learn.microsoft.com/azure/devops/service-hooks/events). */
export interface AzureDevOpsEvent<TType extends string, TResource> {
  subscriptionId: string;
  notificationId: number;
  id: string;
  eventType: TType;
  publisherId: string;
  message: { text: string; html?: string; markdown?: string };
  detailedMessage: { text: string; html?: string; markdown?: string };
  resource: TResource;
  resourceVersion: string;
  resourceContainers: Record<string, { id: string; baseUrl?: string }>;
  createdDate: string;
}

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

export interface AzureDevOpsBuild {
  id: number;
  buildNumber: string;
  status: string;
  result: string;
  url: string;
  definition: { id: number; name: string };
  requests?: Array<{ requestedFor: { displayName: string; uniqueName: string } }>;
}

export interface AzureDevOpsWorkItem {
  id: number;
  rev: number;
  workItemId?: number;
  fields: Record<string, unknown>;
  url: string;
  revision?: { id: number; rev: number; fields: Record<string, unknown> };
}

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

/** Azure DevOps events by `eventType` (those ASP.NET WebHooks typed, and more). */
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
