// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { azureDevops } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureDevops({ code: "x".repeat(32) }) } });
hooks.on("r", "git.push", (event) => {
  const branch: string = event.payload.resource.refUpdates[0]!.name;
  void branch;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
