// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { dynamicsCrm } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: dynamicsCrm({ code: "x".repeat(32) }) } });
hooks.on("r", "Create.account", (event) => {
  const entity: string = event.payload.PrimaryEntityName;
  void entity;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
