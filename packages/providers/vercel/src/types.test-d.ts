// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { vercel } from "./receiver.js";

const hooks = createWebhooks({ receivers: { vercel: vercel({ secret: "s" }) } });

hooks.on("vercel", "deployment.succeeded", (event) => {
  const url: string = event.payload.payload.deployment.url;
  const t: "deployment.succeeded" = event.type;
  void url;
  void t;
});
hooks.on("vercel", "deployment.*", (event) => {
  const project: string = event.payload.payload.project.id;
  void project;
});
hooks.on("vercel", "project.created", (event) => {
  const id: string = event.payload.payload.project.id;
  void id;
});

// @ts-expect-error not a Vercel event (deployment.canceled, one l)
hooks.on("vercel", "deployment.cancelled", () => {});
// @ts-expect-error not a Vercel event (deployment.succeeded)
hooks.on("vercel", "deployment.success", () => {});
hooks.on("vercel", "domain.created", (event) => {
  // @ts-expect-error domain events carry no deployment
  void event.payload.payload.deployment.url;
});
