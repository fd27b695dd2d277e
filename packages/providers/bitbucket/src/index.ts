export type {
  BitbucketAccount,
  BitbucketBase,
  BitbucketComment,
  BitbucketCommit,
  BitbucketCommitStatus,
  BitbucketEventName,
  BitbucketEvents,
  BitbucketIssue,
  BitbucketIssuePayload,
  BitbucketLinks,
  BitbucketPullRequest,
  BitbucketPullRequestCommentPayload,
  BitbucketPullRequestPayload,
  BitbucketPullRequestReviewPayload,
  BitbucketPushPayload,
  BitbucketRefState,
  BitbucketRepository,
} from "./events.js";
export { type BitbucketOptions, type BitbucketReceiver, bitbucket } from "./receiver.js";
export { bitbucketCodeScheme, bitbucketScheme } from "./scheme.js";
