import { type SignatureScheme, sharedSecretScheme } from "@hookwire/core";

/**
 * Telegram's webhook authentication: the `secret_token` given to `setWebhook` comes back in
 * `X-Telegram-Bot-Api-Secret-Token` on every update, compared in constant time. Telegram signs
 * nothing else.
 *
 * @example
 * ```ts
 * const matched = await telegramScheme.verify(request, [process.env.TELEGRAM_WEBHOOK_SECRET!]);
 * ```
 */
export const telegramScheme: SignatureScheme = sharedSecretScheme({
  packageName: "@hookwire/telegram",
  transport: { kind: "header", header: "X-Telegram-Bot-Api-Secret-Token" },
});
