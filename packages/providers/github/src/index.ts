export type { GitHubEventName, GitHubEvents } from "./events.js";
export { type GitHubOptions, type GitHubReceiver, github } from "./receiver.js";
export { githubScheme, githubSha1Scheme } from "./scheme.js";
