// Type tests, checked by `pnpm typecheck`: a wrong hook is a compile error; selected fields are optional strings.
import { createWebhooks } from "@hookwire/core";
import { wordpress } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: wordpress({ code: "x".repeat(32) }) } });
hooks.on("r", "publish_post", (event) => {
  const title: string | undefined = event.payload.post_title;
  const hook: string = event.payload.hook;
  void title;
  void hook;
});
hooks.on("r", "comment_post", (event) => {
  const author: string | undefined = event.payload.comment_author;
  // @ts-expect-error a field is only sent when selected: it may be undefined
  const strict: string = event.payload.comment_content;
  void author;
  void strict;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
// @ts-expect-error a typo in a hook name
hooks.on("r", "publish_posts", () => {});
