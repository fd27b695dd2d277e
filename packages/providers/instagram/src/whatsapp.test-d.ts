// Type tests, checked by `pnpm typecheck`: WhatsApp messages and statuses are typed.
import { createWebhooks } from "@hookwire/core";
import { meta } from "./receiver.js";
import { whatsappMessages, whatsappStatuses } from "./whatsapp.js";

const hooks = createWebhooks({ receivers: { whatsapp: meta({ appSecret: "s", verifyToken: "t" }) } });

hooks.on("whatsapp", "whatsapp_business_account.messages", (event) => {
  for (const { message } of whatsappMessages(event.payload)) {
    if (message.type === "image") {
      const id: string = message.image.id;
      void id;
    }
    if (message.type === "location") {
      const lat: number = message.location.latitude;
      void lat;
    }
    // @ts-expect-error not a WhatsApp message type
    if (message.type === "txt") void message;
  }
  for (const { message } of whatsappMessages(event.payload, "reaction")) {
    const emoji: string | undefined = message.reaction.emoji;
    void emoji;
    // @ts-expect-error a reaction has no text
    void message.text.body;
  }
  // @ts-expect-error not a WhatsApp message type
  whatsappMessages(event.payload, "texts");
  for (const { status } of whatsappStatuses(event.payload)) {
    const recipient: string = status.recipient_id;
    void recipient;
  }
  const body: string | undefined = event.payload.entry[0]?.changes?.[0]?.value.messages?.[0]?.type;
  void body;
});
