export type { GitHubEventName, GitHubEvents } from "./events.js";
export { type GitHubOptions, type GitHubReceiver, github } from "./receiver.js";
export { githubSignature, githubTestRequest } from "./testing.js";
