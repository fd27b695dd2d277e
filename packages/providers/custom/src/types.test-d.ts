// Type tests, checked by `pnpm typecheck`: a wrong action is a compile error; notifications are typed.
import { createWebhooks } from "@hookwire/core";
import { custom } from "./receiver.js";

const hooks = createWebhooks({
  receivers: {
    legacy: custom<{ "order.created": { OrderId: number }; "order.shipped": { Carrier: string } }>({
      secret: "s".repeat(32),
    }),
    any: custom({ secret: "s".repeat(32) }),
  },
});

hooks.on("legacy", "order.created", (event) => {
  const id: number | undefined = event.payload.Notifications[0]?.OrderId;
  const action: "order.created" | undefined = event.payload.Notifications[0]?.Action;
  void id;
  void action;
});
hooks.on("legacy", "batch", (event) => {
  const n = event.payload.Notifications[0];
  if (n?.Action === "order.shipped") {
    const carrier: string = n.Carrier;
    void carrier;
  }
});
hooks.on("any", "whatever.action", (event) => {
  const attempt: number = event.payload.Attempt;
  void attempt;
});

// @ts-expect-error not an action of this receiver
hooks.on("legacy", "order.deleted", () => {});
hooks.on("legacy", "order.created", (event) => {
  // @ts-expect-error created notifications have no Carrier
  void event.payload.Notifications[0]?.Carrier;
});
