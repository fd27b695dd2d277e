// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { mailgun } from "./receiver.js";

const hooks = createWebhooks({ receivers: { mailgun: mailgun({ secret: "k" }) } });

hooks.on("mailgun", "failed", (event) => {
  const severity: "permanent" | "temporary" = event.payload["event-data"].severity;
  const code: number = event.payload["event-data"]["delivery-status"].code;
  void severity;
  void code;
});
hooks.on("mailgun", "clicked", (event) => {
  const url: string = event.payload["event-data"].url;
  void url;
});
hooks.on("mailgun", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error Mailgun's event is "delivered"
hooks.on("mailgun", "delivery", () => {});
hooks.on("mailgun", "opened", (event) => {
  // @ts-expect-error opened events carry no severity (an unknown extra field)
  const severity: string = event.payload["event-data"].severity;
  void severity;
});
