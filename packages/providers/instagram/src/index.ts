export type {
  InstagramComment,
  InstagramEventName,
  InstagramEvents,
  InstagramMention,
  InstagramStoryInsights,
  MetaChange,
  MetaEntry,
  MetaMessagingEvent,
  MetaNotification,
  PageFeedValue,
  WhatsAppMessagesValue,
} from "./events.js";
export { type InstagramOptions, type InstagramReceiver, instagram, meta } from "./receiver.js";
export { instagramScheme, instagramSha1Scheme } from "./scheme.js";
