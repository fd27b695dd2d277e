// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { hubspot } from "./receiver.js";

const hooks = createWebhooks({ receivers: { hubspot: hubspot({ secret: "s" }) } });

hooks.on("hubspot", "events", (event) => {
  for (const item of event.payload) {
    const id: number = item.objectId;
    if (item.subscriptionType === "contact.propertyChange") {
      const name: string = item.propertyName;
      void name;
    }
    void id;
  }
});
hooks.on("hubspot", "request", (event) => {
  const body: Record<string, unknown> = event.payload;
  void body;
});

// @ts-expect-error not a HubSpot event name
hooks.on("hubspot", "event", () => {});
hooks.on("hubspot", "events", (event) => {
  const item = event.payload[0]!;
  if (item.subscriptionType === "contact.creation") {
    // @ts-expect-error creation events carry no propertyName
    void item.propertyName;
  }
});
