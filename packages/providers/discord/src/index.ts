export type {
  DiscordEventName,
  DiscordEvents,
  DiscordWebhookEvent,
  DiscordWebhookPing,
} from "./events.js";
export { type DiscordOptions, type DiscordReceiver, discord } from "./receiver.js";
export {
  type DiscordSchemeOptions,
  discordKey,
  discordPublicKey,
  discordScheme,
  discordSchemeWith,
} from "./scheme.js";
