// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { github } from "./receiver.js";

const hooks = createWebhooks({ receivers: { github: github({ secret: "s" }) } });

hooks.on("github", "issues.opened", (event) => {
  const n: number = event.payload.issue.number;
  const t: "issues.opened" = event.type;
  void n;
  void t;
});
hooks.on("github", "push", (event) => {
  const ref: string = event.payload.ref;
  void ref;
});
hooks.on("github", "issues", (event) => {
  const action: string = event.payload.action;
  void action;
});
hooks.on("github", ["issues.opened", "issues.closed"], (event) => {
  const n: number = event.payload.issue.number;
  void n;
});
hooks.on("github", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a GitHub event
hooks.on("github", "issues.openned", () => {});
// @ts-expect-error not a receiver
hooks.on("gitlab", "push", () => {});
hooks.on("github", "issues.opened", (event) => {
  // @ts-expect-error issues payloads have no `pull_request`
  void event.payload.pull_request.number;
});
