import type { SlackEvent } from "@slack/types";

/**
 * The Events API envelope (`type: "event_callback"`) around one of Slack's events.
 *
 * @example
 * ```ts
 * const envelope: SlackEventCallback<AppMentionEvent> = event.payload; envelope.event.text;
 * ```
 */
export interface SlackEventCallback<TEvent = SlackEvent> {
  type: "event_callback";
  /** The legacy verification token (deprecated; check the signature instead). */
  token?: string;
  team_id: string;
  api_app_id: string;
  event: TEvent;
  event_id: string;
  event_time: number;
  event_context?: string;
  authorizations?: Array<{
    enterprise_id: string | null;
    team_id: string | null;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install?: boolean;
  }>;
  is_ext_shared_channel?: boolean;
  context_team_id?: string | null;
  context_enterprise_id?: string | null;
  enterprise_id?: string | null;
  authed_users?: string[];
  authed_teams?: string[];
}

/**
 * The Events API URL check: answered by the receiver's handshake with the `challenge`.
 *
 * @example
 * ```ts
 * const check: SlackUrlVerification = { type: "url_verification", token: "…", challenge: "3eZbrw1a" };
 * ```
 */
export interface SlackUrlVerification {
  type: "url_verification";
  token?: string;
  challenge: string;
}

/**
 * Sent when an app's event subscriptions are rate limited.
 *
 * @example
 * ```ts
 * hooks.on("slack", "app_rate_limited", (event) => event.payload.minute_rate_limited);
 * ```
 */
export interface SlackAppRateLimited {
  type: "app_rate_limited";
  token?: string;
  team_id: string;
  minute_rate_limited: number;
  api_app_id: string;
}

/**
 * A slash command, as Slack posts it (form fields).
 *
 * @example
 * ```ts
 * hooks.on("slack", "command./deploy", (event) => event.payload.text);
 * ```
 */
export interface SlackSlashCommand {
  command: string;
  text: string;
  response_url: string;
  trigger_id: string;
  user_id: string;
  user_name?: string;
  team_id: string;
  team_domain?: string;
  channel_id: string;
  channel_name?: string;
  api_app_id?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  is_enterprise_install?: string;
  /** The legacy verification token (deprecated). */
  token?: string;
  [field: string]: string | undefined;
}

/** Fields every interactivity payload carries. */
export interface SlackInteractionBase<TType extends string> {
  type: TType;
  token?: string;
  api_app_id?: string;
  team: { id: string; domain?: string; enterprise_id?: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  enterprise?: { id: string; name: string } | null;
  is_enterprise_install?: boolean;
  trigger_id?: string;
  [field: string]: unknown;
}

/**
 * An interactivity payload (`payload=` form field): buttons, menus, modals, shortcuts.
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.block_actions", (event) => event.payload.actions[0]?.action_id);
 * ```
 */
export interface SlackBlockActions extends SlackInteractionBase<"block_actions"> {
  actions: Array<{
    type: string;
    action_id: string;
    block_id: string;
    action_ts: string;
    value?: string;
    [field: string]: unknown;
  }>;
  response_url?: string;
  container?: Record<string, unknown>;
  channel?: { id: string; name: string };
  message?: Record<string, unknown>;
  view?: SlackView;
  state?: { values: Record<string, Record<string, unknown>> };
}

/** A modal or home-tab view in an interactivity payload. */
export interface SlackView {
  id: string;
  type: string;
  callback_id: string;
  private_metadata?: string;
  hash?: string;
  state?: { values: Record<string, Record<string, unknown>> };
  [field: string]: unknown;
}

/**
 * A modal submitted by the user.
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.view_submission", (event) => event.payload.view.callback_id);
 * ```
 */
export interface SlackViewSubmission extends SlackInteractionBase<"view_submission"> {
  view: SlackView;
  response_urls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

/**
 * A modal closed by the user (when `notify_on_close` is set).
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.view_closed", (event) => event.payload.is_cleared);
 * ```
 */
export interface SlackViewClosed extends SlackInteractionBase<"view_closed"> {
  view: SlackView;
  is_cleared: boolean;
}

/**
 * A global shortcut.
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.shortcut", (event) => event.payload.callback_id);
 * ```
 */
export interface SlackShortcut extends SlackInteractionBase<"shortcut"> {
  callback_id: string;
  action_ts: string;
}

/**
 * A message shortcut.
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.message_action", (event) => event.payload.message.ts);
 * ```
 */
export interface SlackMessageShortcut extends SlackInteractionBase<"message_action"> {
  callback_id: string;
  action_ts: string;
  message_ts: string;
  response_url: string;
  channel: { id: string; name: string };
  message: { ts: string; text?: string; [field: string]: unknown };
}

/**
 * An options request for an external-data select menu.
 *
 * @example
 * ```ts
 * hooks.on("slack", "interactive.block_suggestion", (event) => event.payload.value);
 * ```
 */
export interface SlackBlockSuggestion extends SlackInteractionBase<"block_suggestion"> {
  action_id: string;
  block_id: string;
  value: string;
}

type EventCallbacks = {
  [E in SlackEvent as `event.${E["type"]}`]: SlackEventCallback<Extract<SlackEvent, { type: E["type"] }>>;
};

/**
 * Slack's requests by Hookwire name. Events API events are `event.<event.type>` (`event.app_mention`,
 * `event.message`) with the inner event typed by `@slack/types`; slash commands are
 * `command.<command>` (`command./deploy`); interactivity payloads are `interactive.<payload.type>`.
 *
 * @example
 * ```ts
 * type Mention = SlackEvents["event.app_mention"]; // envelope whose .event is an AppMentionEvent
 * ```
 */
export type SlackEvents = EventCallbacks & {
  url_verification: SlackUrlVerification;
  app_rate_limited: SlackAppRateLimited;
  "interactive.block_actions": SlackBlockActions;
  "interactive.view_submission": SlackViewSubmission;
  "interactive.view_closed": SlackViewClosed;
  "interactive.shortcut": SlackShortcut;
  "interactive.message_action": SlackMessageShortcut;
  "interactive.block_suggestion": SlackBlockSuggestion;
} & { [command: `command./${string}`]: SlackSlashCommand };

/** A Slack event name Hookwire knows. */
export type SlackEventName = keyof SlackEvents & string;
