/**
 * A channel got its first subscriber.
 *
 * @example
 * ```ts
 * const e: PusherChannelOccupied = { name: "channel_occupied", channel: "private-chat" };
 * ```
 */
export interface PusherChannelOccupied {
  name: "channel_occupied";
  channel: string;
}

/** A channel lost its last subscriber. */
export interface PusherChannelVacated {
  name: "channel_vacated";
  channel: string;
}

/** A user joined a presence channel. */
export interface PusherMemberAdded {
  name: "member_added";
  channel: string;
  user_id: string;
}

/** A user left a presence channel. */
export interface PusherMemberRemoved {
  name: "member_removed";
  channel: string;
  user_id: string;
}

/** A client event sent on a private or presence channel. */
export interface PusherClientEvent {
  name: "client_event";
  channel: string;
  /** The client event's own name (`client-typing`). */
  event: string;
  /** The client event's data, as the JSON string the client sent. */
  data: string;
  socket_id: string;
  /** Set on presence channels. */
  user_id?: string;
}

/** A cache channel was subscribed to while it had no cached event. */
export interface PusherCacheMiss {
  name: "cache_miss";
  channel: string;
}

/** The number of subscribers of a channel changed. */
export interface PusherSubscriptionCount {
  name: "subscription_count";
  channel: string;
  subscription_count: number;
}

/** Any event Pusher puts in a webhook's `events` list. */
export type PusherEvent =
  | PusherChannelOccupied
  | PusherChannelVacated
  | PusherMemberAdded
  | PusherMemberRemoved
  | PusherClientEvent
  | PusherCacheMiss
  | PusherSubscriptionCount;

/**
 * One Pusher webhook: a batch of events and the time Pusher created it.
 *
 * @example
 * ```ts
 * hooks.on("pusher", "batch", (event) => { for (const e of event.payload.events) console.log(e.name); });
 * ```
 */
export interface PusherWebhook<TEvent = PusherEvent> {
  /** Milliseconds since the epoch. */
  time_ms: number;
  events: TEvent[];
}

/**
 * Pusher webhooks by Hookwire name. One webhook carries a batch: when every event in it has the same
 * `name`, the type is that name (`member_added`) and `payload.events` holds only such events; a
 * mixed batch is `batch`. `event.meta.names` lists the distinct names either way.
 *
 * @example
 * ```ts
 * type Added = PusherEvents["member_added"]["events"][number]["user_id"]; // string
 * ```
 */
export type PusherEvents = { [E in PusherEvent as E["name"]]: PusherWebhook<E> } & {
  batch: PusherWebhook<PusherEvent>;
};

/** A Pusher event name Hookwire knows. */
export type PusherEventName = keyof PusherEvents & string;
