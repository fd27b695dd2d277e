// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { azureContainerRegistry } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureContainerRegistry({ code: "x".repeat(32) }) } });
hooks.on("r", "push", (event) => {
  const repository: string = event.payload.target.repository;
  void repository;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
