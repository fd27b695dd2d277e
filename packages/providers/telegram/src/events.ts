import type { Update } from "@grammyjs/types";

/** An update kind: the field of `Update` that carries its content (`message`, `callback_query`, …). */
export type TelegramUpdateKind = Exclude<keyof Update, "update_id">;

/** The `Update` whose `K` field is present. */
export type TelegramUpdate<K extends TelegramUpdateKind = TelegramUpdateKind> = Update & {
  [P in K]-?: NonNullable<Update[P]>;
};

/**
 * Telegram Bot API updates by kind — the name of the field Telegram fills (`message`,
 * `edited_message`, `callback_query`, `inline_query`, `my_chat_member`, …) — with `@grammyjs/types`
 * payloads (the whole `Update`, that field required).
 *
 * @example
 * ```ts
 * type Callback = TelegramEvents["callback_query"]; // Update & { callback_query: CallbackQuery }
 * ```
 */
export type TelegramEvents = { [K in TelegramUpdateKind]: TelegramUpdate<K> };

/** A Telegram update kind Hookwire knows. */
export type TelegramEventName = keyof TelegramEvents & string;
