// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { notion } from "./receiver.js";

const hooks = createWebhooks({ receivers: { notion: notion({ secret: "s" }) } });

hooks.on("notion", "page.created", (event) => {
  const kind: "page" = event.payload.entity.type;
  const t: "page.created" = event.type;
  void kind;
  void t;
});
hooks.on("notion", "comment.created", (event) => {
  const page: string = event.payload.data.page_id;
  void page;
});
hooks.on("notion", "page.*", (event) => {
  const attempt: number = event.payload.attempt_number;
  void attempt;
});

// @ts-expect-error not a Notion event (page.properties_updated)
hooks.on("notion", "page.updated", () => {});
// @ts-expect-error not a Notion event (comment.created)
hooks.on("notion", "comments.created", () => {});
hooks.on("notion", "database.created", (event) => {
  // @ts-expect-error database events are about databases
  const kind: "page" = event.payload.entity.type;
  void kind;
});
