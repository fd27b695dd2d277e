// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { instagram, meta } from "./receiver.js";

const hooks = createWebhooks({
  receivers: {
    instagram: instagram({ appSecret: "s", verifyToken: "t" }),
    whatsapp: meta({ appSecret: "s", verifyToken: "t" }),
  },
});

hooks.on("instagram", "instagram.comments", (event) => {
  const text: string | undefined = event.payload.entry[0]?.changes?.[0]?.value.text;
  const t: "instagram.comments" = event.type;
  void text;
  void t;
});
hooks.on("whatsapp", "whatsapp_business_account.messages", (event) => {
  const id: string | undefined = event.payload.entry[0]?.changes?.[0]?.value.metadata.phone_number_id;
  void id;
});
hooks.on("instagram", "page.messaging", (event) => {
  const sender: string | undefined = event.payload.entry[0]?.messaging?.[0]?.sender.id;
  void sender;
});

// @ts-expect-error not a Meta event
hooks.on("instagram", "instagram.comment", () => {});
hooks.on("instagram", "instagram.mentions", (event) => {
  // @ts-expect-error mentions have no text
  void event.payload.entry[0]?.changes?.[0]?.value.text;
});
