// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { azureDevops } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureDevops({ code: "x".repeat(32) }) } });
hooks.on("r", "git.push", (event) => {
  const ref: string | undefined = event.payload.resource.refUpdates[0]?.name;
  void ref;
});
hooks.on("r", "build.complete", (event) => {
  const result: string = event.payload.resource.result;
  void result;
});
hooks.on("r", "git.pullrequest.*", (event) => {
  const title: string = event.payload.resource.title;
  void title;
});
hooks.on("r", "ms.vss-pipelines.run-state-changed-event", (event) => {
  const state: string = event.payload.resource.run.state;
  const text: string | undefined = event.payload.message?.text;
  void state;
  void text;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
// @ts-expect-error header values are secrets, not numbers
azureDevops({ header: { "x-token": 1 } });
