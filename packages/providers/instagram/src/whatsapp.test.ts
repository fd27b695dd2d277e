import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { meta } from "./receiver.js";
import { metaTestRequest } from "./testing.js";
import { whatsappMessages, whatsappStatuses } from "./whatsapp.js";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const MESSAGES = fixture("whatsapp-messages.json");
const STATUSES = fixture("whatsapp-statuses.json");
const APP_SECRET = "whatsapp-app-secret-0123456789";

describe("WhatsApp Cloud API on the Meta receiver", () => {
  const receiver = meta({ appSecret: APP_SECRET, verifyToken: "verify-token" });

  it("gives each incoming message with its business number and the sender's profile name", async () => {
    const hooks = createWebhooks({ receivers: { meta: receiver } });
    const seen: string[] = [];
    hooks.on("meta", "whatsapp_business_account.messages", (event) => {
      for (const { message, origin, profileName } of whatsappMessages(event.payload, "text")) {
        seen.push(`${origin.phoneNumberId} ${profileName} ${message.from}: ${message.text.body}`);
      }
      expect(whatsappStatuses(event.payload)).toEqual([]);
    });
    const response = await hooks.handle(await metaTestRequest({ secret: APP_SECRET, payload: MESSAGES }), {
      receiver: "meta",
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual(["106540352242922 Sheena Nelson 16505551234: Does it come in another color?"]);
  });

  it("filters messages by type and reads interactive replies", async () => {
    const notification = JSON.parse(MESSAGES);
    const value = notification.entry[0].changes[0].value;
    value.messages.push({
      from: "16505551234",
      id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUI5MDk0QjgyOTg5MDNGMDJGNwA=",
      timestamp: "1749416400",
      type: "interactive",
      interactive: { type: "button_reply", button_reply: { id: "color-blue", title: "Blue" } },
      context: { from: "15550783881", id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QjZEOTE1MzQzN0NGRDIwNDkA" },
    });
    const event = await receiver.verify(await metaTestRequest({ secret: APP_SECRET, payload: notification }));
    const replies = whatsappMessages(event.payload as never, "interactive");
    expect(replies).toHaveLength(1);
    const reply = replies[0]!.message.interactive;
    expect(reply.type === "button_reply" ? reply.button_reply.id : undefined).toBe("color-blue");
    expect(whatsappMessages(event.payload as never).map((m) => m.message.type)).toEqual([
      "text",
      "interactive",
    ]);
  });

  it("gives each status with its pricing or its errors", async () => {
    const event = await receiver.verify(await metaTestRequest({ secret: APP_SECRET, payload: STATUSES }));
    expect(event.type).toBe("whatsapp_business_account.messages");
    const statuses = whatsappStatuses(event.payload as never);
    expect(statuses.map(({ status }) => status.status)).toEqual(["delivered", "failed"]);
    expect(statuses[0]!.status.pricing?.category).toBe("utility");
    expect(statuses[1]!.status.errors?.[0]?.code).toBe(131050);
    expect(statuses[1]!.origin).toEqual({
      businessAccountId: "102290129340398",
      phoneNumberId: "106540352242922",
      displayPhoneNumber: "15550783881",
    });
    expect(whatsappMessages(event.payload as never)).toEqual([]);
  });
});

describe("whatsappMessages — cases found by the third mutation run", () => {
  const text = (from: string, body: string) => ({
    from,
    id: `wamid.${from}`,
    timestamp: "1749416383",
    type: "text",
    text: { body },
  });
  const notification = (value: Record<string, unknown>, field = "messages") => ({
    object: "whatsapp_business_account",
    entry: [
      { id: "102290129340398", changes: [{ field, value: { messaging_product: "whatsapp", ...value } }] },
    ],
  });

  it("gives each message its own sender's profile name, none for a sender without a contact", () => {
    const found = whatsappMessages(
      notification({
        metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
        contacts: [
          { profile: { name: "Sheena Nelson" }, wa_id: "16505551234" },
          { profile: { name: "Kofi Mensah" }, wa_id: "16505559999" },
        ],
        messages: [
          text("16505559999", "second"),
          text("16505551234", "first"),
          text("16505550000", "nobody"),
        ],
      }) as never,
    );
    expect(found.map((m) => [m.message.from, m.profileName])).toEqual([
      ["16505559999", "Kofi Mensah"],
      ["16505551234", "Sheena Nelson"],
      ["16505550000", undefined],
    ]);
    expect("profileName" in found[2]!).toBe(false);
  });

  it("reads messages without contacts or metadata (no profile name, no business number)", () => {
    const [only] = whatsappMessages(notification({ messages: [text("16505551234", "hi")] }) as never);
    expect(only).toEqual({
      message: text("16505551234", "hi"),
      origin: {
        businessAccountId: "102290129340398",
        phoneNumberId: undefined,
        displayPhoneNumber: undefined,
      },
    });
  });
});
