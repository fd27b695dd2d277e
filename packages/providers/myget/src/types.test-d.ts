// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { myget } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: myget({ code: "x".repeat(32) }) } });
hooks.on("r", "PackageAddedWebHookEventPayloadV1", (event) => {
  const id: string = event.payload.Payload.PackageIdentifier;
  void id;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
