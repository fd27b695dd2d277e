/** Links as Bitbucket sends them (`{ html: { href } }`). */
export type BitbucketLinks = Record<
  string,
  { href: string; name?: string } | Array<{ href: string; name?: string }>
>;

/** A user, team or app account. */
export interface BitbucketAccount {
  type: "user" | "team" | "app_user" | string;
  uuid: string;
  display_name: string;
  account_id?: string;
  nickname?: string;
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** The repository the event happened in. */
export interface BitbucketRepository {
  type: "repository";
  uuid: string;
  name: string;
  full_name: string;
  is_private: boolean;
  scm?: "git";
  owner?: BitbucketAccount;
  workspace?: { type: "workspace"; uuid: string; slug: string; name: string; [field: string]: unknown };
  project?: { type: "project"; uuid: string; key: string; name: string; [field: string]: unknown };
  website?: string | null;
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** A commit as referenced in payloads. */
export interface BitbucketCommit {
  type: "commit";
  hash: string;
  message?: string;
  date?: string;
  author?: { raw: string; user?: BitbucketAccount; [field: string]: unknown };
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** A branch or tag state in a push change. */
export interface BitbucketRefState {
  type: "branch" | "tag" | "named_branch" | "bookmark";
  name: string;
  target: BitbucketCommit;
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** A pull request. */
export interface BitbucketPullRequest {
  type: "pullrequest";
  id: number;
  title: string;
  description: string;
  state: "OPEN" | "MERGED" | "DECLINED" | "SUPERSEDED";
  author: BitbucketAccount;
  source: { branch: { name: string }; commit: { hash: string }; repository: Partial<BitbucketRepository> };
  destination: {
    branch: { name: string };
    commit: { hash: string };
    repository: Partial<BitbucketRepository>;
  };
  merge_commit?: { hash: string } | null;
  participants?: Array<{ user: BitbucketAccount; role: string; approved: boolean; [field: string]: unknown }>;
  reviewers?: BitbucketAccount[];
  close_source_branch?: boolean;
  closed_by?: BitbucketAccount | null;
  reason?: string;
  created_on: string;
  updated_on: string;
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** A comment on a commit, issue or pull request. */
export interface BitbucketComment {
  type: string;
  id: number;
  content: { raw: string; html?: string; markup?: string };
  user: BitbucketAccount;
  created_on: string;
  updated_on?: string | null;
  inline?: { path: string; from: number | null; to: number | null };
  parent?: { id: number };
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** An issue (issue tracker). */
export interface BitbucketIssue {
  type: "issue";
  id: number;
  title: string;
  content?: { raw: string; html?: string; markup?: string };
  state: string;
  kind: string;
  priority: string;
  reporter?: BitbucketAccount;
  assignee?: BitbucketAccount | null;
  created_on: string;
  updated_on?: string;
  links?: BitbucketLinks;
  [field: string]: unknown;
}

/** A build status on a commit. */
export interface BitbucketCommitStatus {
  type: "build";
  key: string;
  name?: string;
  state: "INPROGRESS" | "SUCCESSFUL" | "FAILED" | "STOPPED";
  url: string;
  description?: string;
  refname?: string | null;
  commit?: Partial<BitbucketCommit>;
  created_on: string;
  updated_on: string;
  [field: string]: unknown;
}

/** Fields every payload carries. */
export interface BitbucketBase {
  actor: BitbucketAccount;
  repository: BitbucketRepository;
}

/**
 * `repo:push`: one change per updated branch or tag.
 *
 * @example
 * ```ts
 * hooks.on("bitbucket", "repo:push", (event) => event.payload.push.changes[0]?.new?.name);
 * ```
 */
export interface BitbucketPushPayload extends BitbucketBase {
  push: {
    changes: Array<{
      new: BitbucketRefState | null;
      old: BitbucketRefState | null;
      created: boolean;
      closed: boolean;
      forced: boolean;
      truncated: boolean;
      commits?: BitbucketCommit[];
      links?: BitbucketLinks;
    }>;
  };
}

/** Pull request events (`pullrequest:*`). */
export interface BitbucketPullRequestPayload extends BitbucketBase {
  pullrequest: BitbucketPullRequest;
}

/** Pull request approval and change-request events. */
export interface BitbucketPullRequestReviewPayload extends BitbucketPullRequestPayload {
  approval?: { date: string; user: BitbucketAccount };
  changes_request?: { date: string; user: BitbucketAccount };
}

/** Pull request comment events. */
export interface BitbucketPullRequestCommentPayload extends BitbucketPullRequestPayload {
  comment: BitbucketComment;
}

/** Issue events. */
export interface BitbucketIssuePayload extends BitbucketBase {
  issue: BitbucketIssue;
  changes?: Record<string, { old: unknown; new: unknown }>;
  comment?: BitbucketComment;
}

/**
 * Bitbucket Cloud webhook events by Hookwire name (the `X-Event-Key` header), written from
 * Bitbucket's "Event payloads" documentation (Atlassian keeps no types package for them).
 *
 * @example
 * ```ts
 * type Merged = BitbucketEvents["pullrequest:fulfilled"]["pullrequest"]["merge_commit"];
 * ```
 */
export type BitbucketEvents = {
  "repo:push": BitbucketPushPayload;
  "repo:fork": BitbucketBase & { fork: BitbucketRepository };
  "repo:updated": BitbucketBase & { changes: Record<string, { old: unknown; new: unknown }> };
  "repo:commit_comment_created": BitbucketBase & { comment: BitbucketComment; commit: BitbucketCommit };
  "repo:commit_status_created": BitbucketBase & { commit_status: BitbucketCommitStatus };
  "repo:commit_status_updated": BitbucketBase & { commit_status: BitbucketCommitStatus };
  "issue:created": BitbucketIssuePayload;
  "issue:updated": BitbucketIssuePayload;
  "issue:comment_created": BitbucketIssuePayload & { comment: BitbucketComment };
  "pullrequest:created": BitbucketPullRequestPayload;
  "pullrequest:updated": BitbucketPullRequestPayload;
  "pullrequest:approved": BitbucketPullRequestReviewPayload;
  "pullrequest:unapproved": BitbucketPullRequestReviewPayload;
  "pullrequest:changes_request_created": BitbucketPullRequestReviewPayload;
  "pullrequest:changes_request_removed": BitbucketPullRequestReviewPayload;
  "pullrequest:fulfilled": BitbucketPullRequestPayload;
  "pullrequest:rejected": BitbucketPullRequestPayload;
  "pullrequest:comment_created": BitbucketPullRequestCommentPayload;
  "pullrequest:comment_updated": BitbucketPullRequestCommentPayload;
  "pullrequest:comment_deleted": BitbucketPullRequestCommentPayload;
  "pullrequest:comment_resolved": BitbucketPullRequestCommentPayload;
  "pullrequest:comment_reopened": BitbucketPullRequestCommentPayload;
};

/** A Bitbucket event name Hookwire knows. */
export type BitbucketEventName = keyof BitbucketEvents & string;
