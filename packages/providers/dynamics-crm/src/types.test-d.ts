// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { dynamicsCrm } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: dynamicsCrm({ code: "x".repeat(32) }) } });
hooks.on("r", "Create.account", (event) => {
  const entity: string = event.payload.PrimaryEntityName;
  void entity;
});
hooks.on("r", "Update.new_customentity", (event) => {
  const stage: number = event.payload.Stage;
  void stage;
});
hooks.on("r", "Delete.*", (event) => {
  const message: string = event.payload.MessageName;
  void message;
});
hooks.on("r", "Create", (event) => {
  const depth: number = event.payload.Depth;
  void depth;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
// @ts-expect-error not a Dataverse message
hooks.on("r", "Explode.account", () => {});
// @ts-expect-error typeFormat is "messageAndEntity" or "message"
dynamicsCrm({ code: "x".repeat(32), typeFormat: "entity" });
