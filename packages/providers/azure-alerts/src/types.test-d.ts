// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { azureAlerts } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureAlerts({ code: "x".repeat(32) }) } });
hooks.on("r", "alert.fired", (event) => {
  const rule: string = event.payload.data.essentials.alertRule;
  void rule;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
