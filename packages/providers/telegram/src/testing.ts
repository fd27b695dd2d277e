import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { telegram } from "./receiver.js";
import { telegramScheme } from "./scheme.js";

/**
 * A Telegram update `Request`, as the Bot API delivers it to a webhook, for your own tests:
 * `secret` is the webhook's `secret_token`, `payload` the Update.
 *
 * @example
 * ```ts
 * import { telegramTestRequest } from "@hookwire/telegram/testing";
 * const request = await telegramTestRequest({ secret: "s3cret", payload: { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "/start" } } });
 * ```
 */
export function telegramTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(telegramScheme, input, { url: "https://example.com/webhooks/telegram" });
}

/**
 * Telegram for the `hookwire` CLI and other tools: the secret is the webhook's `secret_token`.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/telegram/testing";
 * const request = await descriptor.sign({ secret: "s3cret", payload: { update_id: 1, poll: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "telegram",
  packageName: "@hookwire/telegram",
  sign: telegramTestRequest,
  receiver: (secret) => telegram({ secretToken: secret }),
  secretIs: "the secret_token given to setWebhook (A-Z, a-z, 0-9, _ and -)",
  exampleSecret: "hookwire_telegram-0123456789abcdefghijklmnop",
  example: {
    payload: {
      update_id: 10000,
      message: {
        date: 1441645532,
        chat: {
          last_name: "Test Lastname",
          id: 1111111,
          type: "private",
          first_name: "Test Firstname",
          username: "Testusername",
        },
        message_id: 1365,
        from: {
          last_name: "Test Lastname",
          id: 1111111,
          is_bot: false,
          first_name: "Test Firstname",
          username: "Testusername",
        },
        text: "/start",
      },
    },
  },
};
