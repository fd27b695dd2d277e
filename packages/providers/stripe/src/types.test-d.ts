// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { stripe } from "./receiver.js";

const hooks = createWebhooks({ receivers: { stripe: stripe({ secret: "whsec_x" }) } });

hooks.on("stripe", "invoice.paid", (event) => {
  const id: string = event.payload.data.object.id;
  const type: "invoice.paid" = event.payload.type;
  void id;
  void type;
});
hooks.on("stripe", "checkout.session.completed", (event) => {
  const mode: string = event.payload.data.object.mode;
  void mode;
});
hooks.on("stripe", "invoice.*", (event) => {
  const object: "invoice" = event.payload.data.object.object;
  void object;
});
hooks.on("stripe", "v2.core.account.created", (event) => {
  const related: string = event.payload.related_object.id;
  const object: "v2.core.event" = event.payload.object;
  const context: string | undefined = event.payload.context;
  // @ts-expect-error a thin event in a webhook body has no client methods
  void event.payload.fetchRelatedObject;
  void related;
  void object;
  void context;
});
hooks.on("stripe", "v1.invoice.paid", (event) => {
  const id: string = event.payload.related_object.id;
  // @ts-expect-error a thin event has no data snapshot
  void event.payload.data;
  void id;
});
// @ts-expect-error not a Stripe event
hooks.on("stripe", "invoice.payed", () => {});
