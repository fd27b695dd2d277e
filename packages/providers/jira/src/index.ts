export type {
  JiraChangelog,
  JiraComment,
  JiraEventName,
  JiraEvents,
  JiraIssue,
  JiraIssueEvent,
  JiraProject,
  JiraSprint,
  JiraUser,
  JiraVersion,
  JiraWebhookBase,
  JiraWorklog,
} from "./events.js";
export { type JiraOptions, type JiraReceiver, jira } from "./receiver.js";
export { jiraScheme } from "./scheme.js";
