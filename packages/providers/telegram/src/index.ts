export type { TelegramEventName, TelegramEvents, TelegramUpdate, TelegramUpdateKind } from "./events.js";
export { type TelegramOptions, type TelegramReceiver, telegram } from "./receiver.js";
export { telegramScheme } from "./scheme.js";
