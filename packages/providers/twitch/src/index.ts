export type {
  TwitchBroadcaster,
  TwitchCallbackVerification,
  TwitchEventName,
  TwitchEvents,
  TwitchNotification,
  TwitchRevocation,
  TwitchSubscription,
  TwitchUser,
} from "./events.js";
export { type TwitchOptions, type TwitchReceiver, twitch } from "./receiver.js";
export {
  type TwitchSchemeOptions,
  twitchScheme,
  twitchSchemeWith,
  twitchTimestampSeconds,
} from "./scheme.js";
