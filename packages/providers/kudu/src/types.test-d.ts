// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { kudu } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: kudu({ code: "x".repeat(32) }) } });
hooks.on("r", "success", (event) => {
  const site: string | undefined = event.payload.siteName;
  void site;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
hooks.on("r", "failed", (event) => {
  const status: string = event.payload.status;
  const complete: boolean | undefined = event.payload.complete;
  void status;
  void complete;
});
