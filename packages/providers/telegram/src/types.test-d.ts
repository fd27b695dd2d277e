// Type tests, checked by `pnpm typecheck`: a wrong update kind is a compile error; updates are typed.
import { createWebhooks } from "@hookwire/core";
import { telegram } from "./receiver.js";

const hooks = createWebhooks({ receivers: { telegram: telegram({ secretToken: "t" }) } });

hooks.on("telegram", "message", (event) => {
  const chat: number = event.payload.message.chat.id;
  const id: number = event.payload.update_id;
  void chat;
  void id;
});
hooks.on("telegram", "callback_query", (event) => {
  const data: string | undefined = event.payload.callback_query.data;
  void data;
});

// @ts-expect-error not an update kind
hooks.on("telegram", "messages", () => {});
hooks.on("telegram", "inline_query", (event) => {
  // @ts-expect-error an inline query update has no message for sure
  void event.payload.message.chat;
});
