// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { paddle } from "./receiver.js";

const hooks = createWebhooks({ receivers: { paddle: paddle({ secret: "s" }) } });

hooks.on("paddle", "subscription.created", (event) => {
  const id: string = event.payload.data.id;
  const customer: string = event.payload.data.customer_id;
  void id;
  void customer;
});
hooks.on("paddle", "transaction.completed", (event) => {
  const id: string = event.payload.data.id;
  void id;
});
hooks.on("paddle", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Paddle event
hooks.on("paddle", "subscription.create", () => {});
hooks.on("paddle", "subscription.created", (event) => {
  // @ts-expect-error wire payloads are snake_case, not the SDK's camelCase entities
  void event.payload.data.customerId;
});
