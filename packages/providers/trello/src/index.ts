export type {
  TrelloActionData,
  TrelloActionType,
  TrelloEventName,
  TrelloEvents,
  TrelloMember,
  TrelloRef,
  TrelloWebhookPayload,
} from "./events.js";
export { type TrelloOptions, type TrelloReceiver, trello } from "./receiver.js";
export { trelloScheme } from "./scheme.js";
