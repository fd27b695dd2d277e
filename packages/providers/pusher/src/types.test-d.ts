// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { pusher } from "./receiver.js";

const hooks = createWebhooks({ receivers: { pusher: pusher({ apps: [{ key: "k", secret: "s" }] }) } });

hooks.on("pusher", "member_added", (event) => {
  const user: string | undefined = event.payload.events[0]?.user_id;
  const time: number = event.payload.time_ms;
  void user;
  void time;
});
hooks.on("pusher", "client_event", (event) => {
  const name: string | undefined = event.payload.events[0]?.event;
  void name;
});
hooks.on("pusher", "batch", (event) => {
  for (const e of event.payload.events) {
    if (e.name === "subscription_count") {
      const count: number = e.subscription_count;
      void count;
    }
  }
});

// @ts-expect-error not a Pusher event
hooks.on("pusher", "channel_occupied_", () => {});
hooks.on("pusher", "channel_occupied", (event) => {
  // @ts-expect-error channel_occupied events have no user_id
  void event.payload.events[0]?.user_id;
});
