export type {
  SlackAppRateLimited,
  SlackBlockActions,
  SlackBlockSuggestion,
  SlackEventCallback,
  SlackEventName,
  SlackEvents,
  SlackInteractionBase,
  SlackMessageShortcut,
  SlackShortcut,
  SlackSlashCommand,
  SlackUrlVerification,
  SlackView,
  SlackViewClosed,
  SlackViewSubmission,
} from "./events.js";
export { type SlackOptions, type SlackReceiver, slack } from "./receiver.js";
export { type SlackSchemeOptions, slackScheme, slackSchemeWith } from "./scheme.js";
