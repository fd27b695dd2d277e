// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { lemonSqueezy } from "./receiver.js";

const hooks = createWebhooks({ receivers: { "lemon-squeezy": lemonSqueezy({ secret: "s" }) } });

hooks.on("lemon-squeezy", "order_created", (event) => {
  const total: number = event.payload.data.attributes.total;
  const kind: "orders" = event.payload.data.type;
  const name: "order_created" = event.payload.meta.event_name;
  void total;
  void kind;
  void name;
});
hooks.on("lemon-squeezy", ["subscription_created", "subscription_updated"], (event) => {
  const status: string = event.payload.data.attributes.status;
  void status;
});
hooks.on("lemon-squeezy", "subscription_payment_success", (event) => {
  const reason: string = event.payload.data.attributes.billing_reason;
  void reason;
});
hooks.on("lemon-squeezy", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Lemon Squeezy event (order_created)
hooks.on("lemon-squeezy", "order.created", () => {});
// @ts-expect-error not a Lemon Squeezy event (subscription_cancelled, with two l)
hooks.on("lemon-squeezy", "subscription_canceled", () => {});
hooks.on("lemon-squeezy", "license_key_created", (event) => {
  // @ts-expect-error license keys have no order_number
  void event.payload.data.attributes.order_number.toFixed();
});
