// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are the SDK's.
import { createWebhooks } from "@hookwire/core";
import { linear } from "./receiver.js";

const hooks = createWebhooks({ receivers: { linear: linear({ secret: "s" }) } });

hooks.on("linear", "Issue.create", (event) => {
  const identifier: string = event.payload.data.identifier;
  const t: "Issue.create" = event.type;
  void identifier;
  void t;
});
hooks.on("linear", "Issue", (event) => {
  const title: string = event.payload.data.title;
  void title;
});
hooks.on("linear", "Comment.update", (event) => {
  const body: string = event.payload.data.body;
  void body;
});
hooks.on("linear", "AgentSessionEvent.prompted", (event) => {
  const id: string = event.payload.agentSession.id;
  void id;
});
hooks.on("linear", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Linear event (Issue.create)
hooks.on("linear", "Issue.created", () => {});
// @ts-expect-error Linear's types are capitalised
hooks.on("linear", "issue", () => {});
hooks.on("linear", "Issue.update", (event) => {
  // @ts-expect-error issues have no `body` (comments do)
  void event.payload.data.body;
});
