// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { box } from "./receiver.js";

const hooks = createWebhooks({ receivers: { box: box({ primaryKey: "p" }) } });

hooks.on("box", "FILE.UPLOADED", (event) => {
  const kind: "file" | "folder" = event.payload.source.type;
  const login: string | undefined = event.payload.created_by.login;
  void kind;
  void login;
});
hooks.on("box", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error triggers are upper case
hooks.on("box", "file.uploaded", () => {});
hooks.on("box", "FILE.UPLOADED", (event) => {
  // @ts-expect-error the trigger is FILE.UPLOADED, not another one
  const other: "FILE.DELETED" = event.payload.trigger;
  void other;
});
