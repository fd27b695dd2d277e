// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { wordpress } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: wordpress({ code: "x".repeat(32) }) } });
hooks.on("r", "publish_post", (event) => {
  const title: string = event.payload.post_title;
  void title;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
