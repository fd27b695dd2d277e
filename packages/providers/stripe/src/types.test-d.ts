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
// @ts-expect-error not a Stripe event
hooks.on("stripe", "invoice.payed", () => {});
