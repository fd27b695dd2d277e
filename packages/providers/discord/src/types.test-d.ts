// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { discord } from "./receiver.js";

const hooks = createWebhooks({ receivers: { discord: discord({ publicKey: "00".repeat(32) }) } });

hooks.on("discord", "APPLICATION_COMMAND", (event) => {
  const name: string = event.payload.data.name;
  const token: string = event.payload.token;
  void name;
  void token;
});
hooks.on("discord", "ENTITLEMENT_CREATE", (event) => {
  const sku: string = event.payload.event.data.sku_id;
  void sku;
});
hooks.on("discord", "MESSAGE_COMPONENT", (event) => {
  const id: string = event.payload.data.custom_id;
  void id;
});
hooks.on("discord", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Discord event
hooks.on("discord", "APPLICATION_COMAND", () => {});
hooks.on("discord", "MODAL_SUBMIT", (event) => {
  // @ts-expect-error a modal submit has no command name
  void event.payload.data.name;
});
