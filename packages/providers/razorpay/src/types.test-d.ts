// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; entities are typed.
import { createWebhooks } from "@hookwire/core";
import { razorpay } from "./receiver.js";

const hooks = createWebhooks({ receivers: { razorpay: razorpay({ secret: "s" }) } });

hooks.on("razorpay", "payment.captured", (event) => {
  const id: string = event.payload.payload.payment.entity.id;
  const t: "payment.captured" = event.type;
  void id;
  void t;
});
hooks.on("razorpay", "order.paid", (event) => {
  const receipt: string | undefined = event.payload.payload.order.entity.receipt;
  void receipt;
});
hooks.on("razorpay", "subscription.charged", (event) => {
  const plan: string = event.payload.payload.subscription.entity.plan_id;
  void event.payload.payload.payment?.entity.amount;
  void plan;
});
hooks.on("razorpay", "refund.*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Razorpay event (payment.captured)
hooks.on("razorpay", "payment.capture", () => {});
// @ts-expect-error Razorpay spells it cancelled
hooks.on("razorpay", "subscription.canceled", () => {});
hooks.on("razorpay", "refund.processed", (event) => {
  // @ts-expect-error refund events carry no order
  void event.payload.payload.order.entity;
});
