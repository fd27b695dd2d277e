// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { paypal } from "./receiver.js";

const hooks = createWebhooks({ receivers: { paypal: paypal({ webhookId: "WH-1" }) } });

hooks.on("paypal", "PAYMENT.CAPTURE.COMPLETED", (event) => {
  const value: string = event.payload.resource.amount.value;
  const t: "PAYMENT.CAPTURE.COMPLETED" = event.type;
  void value;
  void t;
});
hooks.on("paypal", "BILLING.SUBSCRIPTION.ACTIVATED", (event) => {
  const plan: string = event.payload.resource.plan_id;
  void plan;
});
hooks.on("paypal", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a PayPal event
hooks.on("paypal", "PAYMENT.CAPTURE.COMPLETE", () => {});
hooks.on("paypal", "CHECKOUT.ORDER.APPROVED", (event) => {
  // @ts-expect-error orders have no plan_id
  void event.payload.resource.plan_id;
});
