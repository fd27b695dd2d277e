// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { square } from "./receiver.js";

const hooks = createWebhooks({ receivers: { square: square({ secret: "s" }) } });

hooks.on("square", "payment.updated", (event) => {
  const status: string = event.payload.data.object.payment.status;
  const amount: number = event.payload.data.object.payment.amount_money.amount;
  void status;
  void amount;
});
hooks.on("square", "order.updated", (event) => {
  const state: string = event.payload.data.object.order_updated.state;
  void state;
});
hooks.on("square", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Square event
hooks.on("square", "payment.create", () => {});
hooks.on("square", "refund.created", (event) => {
  // @ts-expect-error refund events carry a refund, not a payment
  void event.payload.data.object.payment;
});
hooks.on("square", "order.fulfillment.updated", (event) => {
  const state: string = event.payload.data.object.order_fulfillment_updated.state;
  void state;
});

// every typed event name, no more and no fewer
const names: Record<import("./events.js").SquareEventName, true> = {
  "payment.created": true,
  "payment.updated": true,
  "refund.created": true,
  "refund.updated": true,
  "order.created": true,
  "order.updated": true,
  "order.fulfillment.updated": true,
  "customer.created": true,
  "customer.updated": true,
  "customer.deleted": true,
  "invoice.created": true,
  "invoice.published": true,
  "invoice.updated": true,
  "invoice.payment_made": true,
  "invoice.canceled": true,
  "subscription.created": true,
  "subscription.updated": true,
  "webhooks.test_notification": true,
};
void names;
