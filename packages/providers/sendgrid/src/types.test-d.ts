// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; items are typed.
import { createWebhooks } from "@hookwire/core";
import { sendgridEventsOf } from "./events.js";
import { sendgrid } from "./receiver.js";

const hooks = createWebhooks({ receivers: { sendgrid: sendgrid({ publicKey: () => "k" }) } });

hooks.on("sendgrid", "events", (event) => {
  for (const item of event.payload) {
    if (item.event === "bounce") {
      const kind: "bounce" | "blocked" = item.type;
      void kind;
    }
    if (item.event === "click") {
      const url: string = item.url;
      void url;
    }
    // @ts-expect-error not a SendGrid event name
    if (item.event === "bounced") void item;
  }
  for (const open of sendgridEventsOf(event.payload, "open")) {
    const agent: string = open.useragent;
    void agent;
  }
  // @ts-expect-error not a SendGrid event name
  sendgridEventsOf(event.payload, "opened");
});

// @ts-expect-error the receiver's event is "events"
hooks.on("sendgrid", "event", () => {});
