// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { twitch } from "./receiver.js";

const hooks = createWebhooks({ receivers: { twitch: twitch({ secret: "0123456789" }) } });

hooks.on("twitch", "channel.follow", (event) => {
  const at: string = event.payload.event.followed_at;
  const type: "channel.follow" = event.payload.subscription.type;
  void at;
  void type;
});
hooks.on("twitch", "revocation", (event) => {
  const reason: string = event.payload.subscription.status;
  void reason;
});
hooks.on("twitch", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Twitch subscription type
hooks.on("twitch", "channel.folow", () => {});
hooks.on("twitch", "stream.offline", (event) => {
  // @ts-expect-error stream.offline carries no started_at
  void event.payload.event.started_at;
});
