// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { mailchimp } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: mailchimp({ code: "x".repeat(32) }) } });
hooks.on("r", "subscribe", (event) => {
  const email: string = event.payload.data.merges.EMAIL;
  void email;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
