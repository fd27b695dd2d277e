/**
 * The subscription an EventSub message belongs to, as Twitch sends it in every body. Written from
 * Twitch's EventSub reference (dev.twitch.tv/docs/eventsub/eventsub-reference) and the examples in
 * test/fixtures.
 */
export interface TwitchSubscription<T extends string = string> {
  id: string;
  /** `enabled`, `webhook_callback_verification_pending`, or on revocation the reason. */
  status: string;
  type: T;
  version: string;
  cost: number;
  condition: Record<string, string>;
  transport: { method: "webhook"; callback: string };
  created_at: string;
}

/** A `notification` message: the subscription and the event. */
export interface TwitchNotification<T extends string, E> {
  subscription: TwitchSubscription<T>;
  event: E;
}

/** The broadcaster fields most events carry. */
export interface TwitchBroadcaster {
  broadcaster_user_id: string;
  broadcaster_user_login: string;
  broadcaster_user_name: string;
}

/** The user fields most events carry. */
export interface TwitchUser {
  user_id: string;
  user_login: string;
  user_name: string;
}

/** `webhook_callback_verification`: answered by the receiver with the challenge. */
export interface TwitchCallbackVerification {
  subscription: TwitchSubscription;
  challenge: string;
}

/**
 * `revocation`: Twitch stopped the subscription. `subscription.status` says why
 * (`user_removed`, `authorization_revoked`, `notification_failures_exceeded`, `version_removed`).
 */
export interface TwitchRevocation {
  subscription: TwitchSubscription;
}

type N<T extends string, E> = TwitchNotification<T, E>;

/**
 * Twitch EventSub messages by Hookwire name: a notification is named by its subscription type as
 * Twitch names it (`channel.follow`, `stream.online`), a revocation is `revocation`. Subscription
 * types not listed here still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Follow = TwitchEvents["channel.follow"]["event"]["followed_at"]; // string
 * ```
 */
export type TwitchEvents = {
  revocation: TwitchRevocation;
  "channel.follow": N<"channel.follow", TwitchBroadcaster & TwitchUser & { followed_at: string }>;
  "channel.update": N<
    "channel.update",
    TwitchBroadcaster & {
      title: string;
      language: string;
      category_id: string;
      category_name: string;
      content_classification_labels: string[];
    }
  >;
  "channel.subscribe": N<
    "channel.subscribe",
    TwitchBroadcaster & TwitchUser & { tier: string; is_gift: boolean }
  >;
  "channel.subscription.end": N<
    "channel.subscription.end",
    TwitchBroadcaster & TwitchUser & { tier: string; is_gift: boolean }
  >;
  "channel.subscription.gift": N<
    "channel.subscription.gift",
    TwitchBroadcaster &
      Partial<TwitchUser> & {
        total: number;
        tier: string;
        cumulative_total: number | null;
        is_anonymous: boolean;
      }
  >;
  "channel.cheer": N<
    "channel.cheer",
    TwitchBroadcaster & Partial<TwitchUser> & { is_anonymous: boolean; message: string; bits: number }
  >;
  "channel.raid": N<
    "channel.raid",
    {
      from_broadcaster_user_id: string;
      from_broadcaster_user_login: string;
      from_broadcaster_user_name: string;
      to_broadcaster_user_id: string;
      to_broadcaster_user_login: string;
      to_broadcaster_user_name: string;
      viewers: number;
    }
  >;
  "channel.ban": N<
    "channel.ban",
    TwitchBroadcaster &
      TwitchUser & {
        moderator_user_id: string;
        moderator_user_login: string;
        moderator_user_name: string;
        reason: string;
        banned_at: string;
        ends_at: string | null;
        is_permanent: boolean;
      }
  >;
  "channel.channel_points_custom_reward_redemption.add": N<
    "channel.channel_points_custom_reward_redemption.add",
    TwitchBroadcaster &
      TwitchUser & {
        id: string;
        user_input: string;
        status: string;
        reward: { id: string; title: string; cost: number; prompt: string };
        redeemed_at: string;
      }
  >;
  "stream.online": N<"stream.online", TwitchBroadcaster & { id: string; type: string; started_at: string }>;
  "stream.offline": N<"stream.offline", TwitchBroadcaster>;
  "user.authorization.grant": N<
    "user.authorization.grant",
    Partial<TwitchUser> & { client_id: string; user_id: string }
  >;
  "user.authorization.revoke": N<
    "user.authorization.revoke",
    { client_id: string; user_id: string; user_login: string | null; user_name: string | null }
  >;
  "user.update": N<
    "user.update",
    TwitchUser & { email?: string; email_verified: boolean; description: string }
  >;
};

/** A Twitch EventSub name Hookwire types. */
export type TwitchEventName = keyof TwitchEvents & string;
