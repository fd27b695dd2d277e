// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; deliveries are typed.
import { createWebhooks } from "@hookwire/core";
import { oktaEventsOf } from "./events.js";
import { okta } from "./receiver.js";

const hooks = createWebhooks({ receivers: { okta: okta({ secret: "s" }) } });

hooks.on("okta", "com.okta.event_hook", (event) => {
  for (const e of event.payload.data.events) {
    const type: string = e.eventType;
    void type;
  }
  const created = oktaEventsOf(event.payload, "user.lifecycle.create");
  const literal: "user.lifecycle.create" | undefined = created[0]?.eventType;
  void literal;
  // @ts-expect-error not an Okta event type
  oktaEventsOf(event.payload, "user.lifecycle.created");
});

// @ts-expect-error the receiver's event is com.okta.event_hook
hooks.on("okta", "com.okta.eventhook", () => {});
