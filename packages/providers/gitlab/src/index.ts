export type { GitLabEventName, GitLabEvents } from "./events.js";
export { type GitLabOptions, type GitLabReceiver, gitlab } from "./receiver.js";
export { gitlabSigningScheme, gitlabTokenScheme } from "./scheme.js";
