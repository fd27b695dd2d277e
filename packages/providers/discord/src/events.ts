import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteraction,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
  APIPingInteraction,
  APIWebhookEvent,
  APIWebhookEventBody,
  ApplicationWebhookType,
} from "discord-api-types/v10";

/** A webhook event (Discord's "Webhook Events" endpoint) whose `event` is `E`. */
export type DiscordWebhookEvent<E extends APIWebhookEventBody = APIWebhookEventBody> = Extract<
  APIWebhookEvent,
  { type: ApplicationWebhookType.Event }
> & { event: E };

/** The webhook-events endpoint's PING (`"type": 0`), answered with 204. */
export type DiscordWebhookPing = Extract<APIWebhookEvent, { type: ApplicationWebhookType.Ping }>;

type WebhookEvents = {
  [E in APIWebhookEventBody as `${E["type"]}`]: DiscordWebhookEvent<E>;
};

/**
 * Discord's interactions and webhook events by the name Discord's reference gives them, with
 * `discord-api-types` payloads: interactions by interaction type (`APPLICATION_COMMAND`,
 * `MESSAGE_COMPONENT`, `APPLICATION_COMMAND_AUTOCOMPLETE`, `MODAL_SUBMIT`, `PING`), webhook events by
 * their event type (`APPLICATION_AUTHORIZED`, `ENTITLEMENT_CREATE`, …). `PING` is either endpoint's
 * ping (the receiver answers it).
 *
 * @example
 * ```ts
 * type Command = DiscordEvents["APPLICATION_COMMAND"]; // APIApplicationCommandInteraction
 * ```
 */
export type DiscordEvents = {
  PING: APIPingInteraction | DiscordWebhookPing;
  APPLICATION_COMMAND: APIApplicationCommandInteraction;
  MESSAGE_COMPONENT: APIMessageComponentInteraction;
  APPLICATION_COMMAND_AUTOCOMPLETE: APIApplicationCommandAutocompleteInteraction;
  MODAL_SUBMIT: APIModalSubmitInteraction;
} & WebhookEvents;

/** A Discord event name Hookwire knows. */
export type DiscordEventName = keyof DiscordEvents & string;
