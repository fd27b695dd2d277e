export type {
  AzureDevOpsBuild,
  AzureDevOpsEvent,
  AzureDevOpsEvents,
  AzureDevOpsGitPush,
  AzureDevOpsPullRequest,
  AzureDevOpsWorkItem,
} from "./events.js";
export { type AzureDevOpsOptions, type AzureDevOpsReceiver, azureDevops } from "./receiver.js";
export { azureDevopsTestRequest } from "./testing.js";
