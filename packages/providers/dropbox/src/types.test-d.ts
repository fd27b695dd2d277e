// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { dropbox } from "./receiver.js";

const hooks = createWebhooks({ receivers: { dropbox: dropbox({ secret: "s" }) } });

hooks.on("dropbox", "list_folder", (event) => {
  const accounts: string[] = event.payload.list_folder.accounts;
  const t: "list_folder" = event.type;
  void accounts;
  void t;
});
hooks.on("dropbox", "delta", (event) => {
  const users: number[] = event.payload.delta.users;
  void users;
});
hooks.on("dropbox", "team.list_folder", (event) => {
  const members: string[] | undefined = event.payload.list_folder.teams["dbtid:x"];
  void members;
  // @ts-expect-error a team notification has no accounts
  void event.payload.list_folder.accounts;
});
hooks.on("dropbox", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Dropbox event
hooks.on("dropbox", "list_folders", () => {});
hooks.on("dropbox", "delta", (event) => {
  // @ts-expect-error a delta-only body has no list_folder
  void event.payload.list_folder.accounts;
});
