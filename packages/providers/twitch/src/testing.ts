import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { twitch } from "./receiver.js";
import { twitchScheme } from "./scheme.js";

/**
 * A correctly signed Twitch EventSub `Request`, as Twitch would send it — for your own tests. The
 * payload is the whole body (`{ subscription, event }`); `event` is the
 * `Twitch-Eventsub-Message-Type` (default `notification`; `webhook_callback_verification` and
 * `revocation` too), `id` the message id (default a random UUID), `timestamp` in seconds.
 *
 * @example
 * ```ts
 * import { twitchTestRequest } from "@hookwire/twitch/testing";
 * const request = await twitchTestRequest({
 *   secret: "s3cret-of-10+",
 *   payload: { subscription: { type: "stream.online", version: "1" }, event: { broadcaster_user_id: "1337" } },
 * });
 * ```
 */
export function twitchTestRequest(input: TestRequestInput): Promise<Request> {
  const body = input.payload as { subscription?: { type?: unknown; version?: unknown } } | null;
  const subscription = typeof body === "object" && body !== null ? body.subscription : undefined;
  const messageType = input.event === undefined || input.event === "ping" ? "notification" : input.event;
  return testRequest(twitchScheme, input, {
    url: "https://example.com/webhooks/twitch",
    headers: {
      "user-agent": "Twitch-Eventsub-Webhooks/1.0",
      "twitch-eventsub-message-type": messageType,
      "twitch-eventsub-message-retry": "0",
      "twitch-eventsub-subscription-type": typeof subscription?.type === "string" ? subscription.type : "",
      "twitch-eventsub-subscription-version":
        typeof subscription?.version === "string" ? subscription.version : "1",
    },
  });
}

/**
 * Twitch EventSub for the `hookwire` CLI and other tools: sign, send and listen with a subscription
 * secret (`--event` sets the message type; `ping` sends a notification).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/twitch/testing";
 * const request = await descriptor.sign({ secret: "s3cret-of-10+", payload: { subscription: { type: "stream.online" }, event: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "twitch",
  packageName: "@hookwire/twitch",
  sign: twitchTestRequest,
  receiver: (secret) => twitch({ secret }),
  secretIs: "the subscription's transport secret (10–100 characters)",
  eventOption: "Twitch-Eventsub-Message-Type (notification, revocation, webhook_callback_verification)",
  example: {
    payload: {
      subscription: {
        id: "f1c2a387-161a-49f9-a165-0f21d7a4e1c4",
        type: "channel.follow",
        version: "2",
        status: "enabled",
        cost: 0,
        condition: { broadcaster_user_id: "1337", moderator_user_id: "1337" },
        transport: { method: "webhook", callback: "https://example.com/webhooks/callback" },
        created_at: "2019-11-16T10:11:12.634234626Z",
      },
      event: {
        user_id: "1234",
        user_login: "cool_user",
        user_name: "Cool_User",
        broadcaster_user_id: "1337",
        broadcaster_user_login: "cooler_user",
        broadcaster_user_name: "Cooler_User",
        followed_at: "2020-07-15T18:16:11.17106713Z",
      },
    },
    event: "notification",
  },
};
