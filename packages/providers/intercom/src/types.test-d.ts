// Type tests, checked by `pnpm typecheck`: a wrong topic is a compile error; items are typed.
import { createWebhooks } from "@hookwire/core";
import { intercom } from "./receiver.js";

const hooks = createWebhooks({ receivers: { intercom: intercom({ secret: "s" }) } });

hooks.on("intercom", "conversation.user.created", (event) => {
  const state: string = event.payload.data.item.state;
  const t: "conversation.user.created" = event.type;
  void state;
  void t;
});
hooks.on("intercom", "contact.lead.created", (event) => {
  const role: string = event.payload.data.item.role;
  void role;
});
hooks.on("intercom", "conversation.*", (event) => {
  const id: string = event.payload.data.item.id;
  void id;
});

// @ts-expect-error not an Intercom topic (conversation.user.created)
hooks.on("intercom", "conversation.created", () => {});
// @ts-expect-error contacts are users or leads (contact.user.created)
hooks.on("intercom", "contact.created", () => {});
hooks.on("intercom", "company.created", (event) => {
  // @ts-expect-error companies have no role
  const role: string = event.payload.data.item.role;
  void role;
});
