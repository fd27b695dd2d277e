// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { adyen } from "./receiver.js";

const hooks = createWebhooks({ receivers: { adyen: adyen({ secret: "00ff" }) } });

hooks.on("adyen", "AUTHORISATION", (event) => {
  const item = event.payload.notificationItems[0]!.NotificationRequestItem;
  const code: "AUTHORISATION" = item.eventCode;
  const value: number = item.amount.value;
  void code;
  void value;
});
hooks.on("adyen", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error Adyen writes AUTHORISATION with an S
hooks.on("adyen", "AUTHORIZATION", () => {});
hooks.on("adyen", "REFUND", (event) => {
  // @ts-expect-error success is the string "true" or "false", not a boolean
  const ok: boolean = event.payload.notificationItems[0]!.NotificationRequestItem.success;
  void ok;
});
