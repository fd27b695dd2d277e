// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { slack } from "./receiver.js";

const hooks = createWebhooks({ receivers: { slack: slack({ secret: "s" }) } });

hooks.on("slack", "event.app_mention", (event) => {
  const text: string = event.payload.event.text;
  const channel: string = event.payload.event.channel;
  const t: "event.app_mention" = event.type;
  void text;
  void channel;
  void t;
});
hooks.on("slack", "event.reaction_added", (event) => {
  const reaction: string = event.payload.event.reaction;
  void reaction;
});
hooks.on("slack", "command./deploy", (event) => {
  const text: string = event.payload.text;
  void text;
});
hooks.on("slack", "interactive.block_actions", (event) => {
  const id: string | undefined = event.payload.actions[0]?.action_id;
  void id;
});
hooks.on("slack", "event.*", (event) => {
  const id: string = event.payload.event_id;
  void id;
});
hooks.on("slack", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Slack event
hooks.on("slack", "event.app_mentionn", () => {});
// @ts-expect-error slash commands start with a slash
hooks.on("slack", "command.deploy", () => {});
hooks.on("slack", "event.app_mention", (event) => {
  // @ts-expect-error app_mention events have no `reaction`
  void event.payload.event.reaction;
});
