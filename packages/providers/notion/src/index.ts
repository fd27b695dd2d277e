export type {
  NotionAuthor,
  NotionChangeData,
  NotionCommentData,
  NotionEntity,
  NotionEventName,
  NotionEvents,
  NotionParent,
  NotionWebhook,
} from "./events.js";
export { type NotionOptions, type NotionReceiver, notion } from "./receiver.js";
export { notionScheme } from "./scheme.js";
