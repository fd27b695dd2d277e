export type {
  PusherCacheMiss,
  PusherChannelOccupied,
  PusherChannelVacated,
  PusherClientEvent,
  PusherEvent,
  PusherEventName,
  PusherEvents,
  PusherMemberAdded,
  PusherMemberRemoved,
  PusherSubscriptionCount,
  PusherWebhook,
} from "./events.js";
export { type PusherApp, type PusherOptions, type PusherReceiver, pusher } from "./receiver.js";
export { pusherScheme } from "./scheme.js";
