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
hooks.on("r", "BuildFinishedWebHookEventPayloadV1", (event) => {
  const result: string | undefined = event.payload.Payload.Result;
  const when: string = event.payload.When;
  void result;
  void when;
});
hooks.on("r", "PackageListedWebHookEventPayloadV1", (event) => {
  const listed: boolean = event.payload.Payload.Listed;
  void listed;
});
