// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { genericJson } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: genericJson({ code: "x".repeat(32) }) } });
hooks.on("r", "change", (event) => {
  const value: unknown = event.payload;
  void value;
});
