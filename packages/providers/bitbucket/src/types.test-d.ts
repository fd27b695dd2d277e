// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { bitbucket } from "./receiver.js";

const hooks = createWebhooks({ receivers: { bitbucket: bitbucket({ secret: "s" }) } });

hooks.on("bitbucket", "repo:push", (event) => {
  const branch: string | undefined = event.payload.push.changes[0]?.new?.name;
  const repo: string = event.payload.repository.full_name;
  void branch;
  void repo;
});
hooks.on("bitbucket", ["pullrequest:created", "pullrequest:fulfilled"], (event) => {
  const title: string = event.payload.pullrequest.title;
  void title;
});
hooks.on("bitbucket", "pullrequest:comment_created", (event) => {
  const text: string = event.payload.comment.content.raw;
  void text;
});
hooks.on("bitbucket", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Bitbucket event key
hooks.on("bitbucket", "pullrequest:opened", () => {});
hooks.on("bitbucket", "repo:push", (event) => {
  // @ts-expect-error push payloads have no pullrequest
  void event.payload.pullrequest.id;
});
