export type {
  AzureDevOpsBuild,
  AzureDevOpsEvent,
  AzureDevOpsEvents,
  AzureDevOpsGitPush,
  AzureDevOpsPipelineRunStateChanged,
  AzureDevOpsPullRequest,
  AzureDevOpsPullRequestComment,
  AzureDevOpsReleaseDeploymentCompleted,
  AzureDevOpsWorkItem,
} from "./events.js";
export { type AzureDevOpsOptions, type AzureDevOpsReceiver, azureDevops } from "./receiver.js";
