// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { trello } from "./receiver.js";

const hooks = createWebhooks({ receivers: { trello: trello({ secret: "s" }) } });

hooks.on("trello", "createCard", (event) => {
  const name: string | undefined = event.payload.action.data.card?.name;
  const type: "createCard" = event.payload.action.type;
  const callback: string = event.payload.webhook.callbackURL;
  void name;
  void type;
  void callback;
});
hooks.on("trello", ["updateCard", "commentCard"], (event) => {
  const text: string | undefined = event.payload.action.data.text;
  void text;
});
hooks.on("trello", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Trello action type
hooks.on("trello", "cardCreated", () => {});
hooks.on("trello", "createCard", (event) => {
  // @ts-expect-error action ids are strings
  const id: number = event.payload.action.id;
  void id;
});
