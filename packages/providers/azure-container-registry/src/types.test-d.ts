// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { azureContainerRegistry } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureContainerRegistry({ code: "x".repeat(32) }) } });
hooks.on("r", "push", (event) => {
  const repository: string = event.payload.target.repository;
  const tag: string | undefined = event.payload.target.tag;
  void repository;
  void tag;
});
hooks.on("r", "chart_push", (event) => {
  const version: string = event.payload.target.version;
  void version;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
// @ts-expect-error header values are secrets, not booleans
azureContainerRegistry({ headers: { authorization: true } });
