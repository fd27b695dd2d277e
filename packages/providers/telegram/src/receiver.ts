import {
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { TelegramEvents } from "./events.js";
import { telegramScheme } from "./scheme.js";

const PACKAGE = "@hookwire/telegram";
/** What `setWebhook` accepts as `secret_token`. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** Options of {@link telegram}. */
export interface TelegramOptions {
  /**
   * The `secret_token` passed to `setWebhook` (1–256 characters of `A-Z a-z 0-9 _ -`); a list
   * accepts any of them (rotation); a function looks it up per request (several bots).
   */
  secretToken: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Telegram receiver type. */
export type TelegramReceiver = Receiver<TelegramEvents, "telegram">;

function assertSecretToken(token: string): void {
  if (token !== "" && !SECRET_TOKEN.test(token)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The secretToken must be 1–256 characters of A-Z, a-z, 0-9, "_" and "-" (what setWebhook accepts).`,
    );
  }
}

/**
 * A receiver for Telegram Bot API webhooks (`setWebhook` with a `secret_token`).
 *
 * Compares `X-Telegram-Bot-Api-Secret-Token` with the secret token in constant time, then names
 * the update by the field Telegram filled (`message`, `callback_query`, `inline_query`, …); the
 * id is the `update_id` (Telegram resends an update until it gets a 2xx). A handler may answer
 * with a Bot API method as JSON (`{ "method": "sendMessage", … }`), which Telegram executes.
 *
 * @example
 * ```ts
 * import { createWebhooks, jsonResponse } from "@hookwire/core";
 * import { telegram } from "@hookwire/telegram";
 *
 * const hooks = createWebhooks({ receivers: { telegram: telegram({ secretToken: process.env.TELEGRAM_WEBHOOK_SECRET! }) } });
 * hooks.on("telegram", "message", (event) =>
 *   jsonResponse({ method: "sendMessage", chat_id: event.payload.message.chat.id, text: "Hello!" }),
 * );
 * ```
 */
export function telegram(options: TelegramOptions): TelegramReceiver {
  const secretToken = options?.secretToken;
  if (typeof secretToken === "string") assertSecretToken(secretToken);
  if (Array.isArray(secretToken)) for (const token of secretToken) assertSecretToken(token);
  return defineSignedReceiver<TelegramEvents, "telegram">({
    provider: "telegram",
    packageName: PACKAGE,
    secret: secretToken,
    secretOption: "secretToken",
    scheme: telegramScheme,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    mismatch: `[${PACKAGE}] The X-Telegram-Bot-Api-Secret-Token does not match the secret token.`,
    parse,
  });
}

/** After authentication: the update kind, the update and its id. */
function parse(request: WebhookRequest): VerifiedParts {
  const update = parseJsonObject(request.body, PACKAGE);
  const id = update.update_id;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The body is not an Update (no numeric update_id).`,
    );
  }
  let kind: string | undefined;
  for (const key of Object.keys(update)) {
    if (key !== "update_id" && update[key] !== undefined && update[key] !== null) {
      kind = key;
      break;
    }
  }
  if (kind === undefined) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The Update carries no content.`);
  }
  return { type: kind, id: String(id), payload: update };
}
