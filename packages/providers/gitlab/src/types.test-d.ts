// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { gitlab } from "./receiver.js";

const hooks = createWebhooks({ receivers: { gitlab: gitlab({ token: "t" }) } });

hooks.on("gitlab", "merge_request", (event) => {
  const title: string = event.payload.object_attributes.title;
  void title;
});
hooks.on("gitlab", "push", (event) => {
  const ref: string = event.payload.ref;
  void ref;
});
hooks.on("gitlab", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a GitLab object_kind
hooks.on("gitlab", "merge_requests", () => {});
hooks.on("gitlab", "push", (event) => {
  // @ts-expect-error push events have no object_attributes
  void event.payload.object_attributes;
});
