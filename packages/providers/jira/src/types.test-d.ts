// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { jira } from "./receiver.js";

const hooks = createWebhooks({ receivers: { jira: jira({ secret: "s" }) } });

hooks.on("jira", "jira:issue_updated", (event) => {
  const key: string = event.payload.issue.key;
  const field: string | undefined = event.payload.changelog?.items[0]?.field;
  const t: "jira:issue_updated" = event.type;
  void key;
  void field;
  void t;
});
hooks.on("jira", "comment_created", (event) => {
  const id: string = event.payload.comment.id;
  void id;
});
hooks.on("jira", "sprint_started", (event) => {
  const name: string = event.payload.sprint.name;
  void name;
});

// @ts-expect-error Jira's issue events carry the jira: prefix
hooks.on("jira", "issue_created", () => {});
// @ts-expect-error not a Jira event (comment_created)
hooks.on("jira", "jira:comment_created", () => {});
hooks.on("jira", "sprint_closed", (event) => {
  // @ts-expect-error sprint events carry no issue
  void event.payload.issue.key;
});
