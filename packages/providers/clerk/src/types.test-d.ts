// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { clerk } from "./receiver.js";

const hooks = createWebhooks({
  receivers: { clerk: clerk({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }) },
});

hooks.on("clerk", "user.created", (event) => {
  const id: string = event.payload.data.id;
  void id;
});
hooks.on("clerk", "session.ended", (event) => {
  const user: string = event.payload.data.user_id;
  void user;
});

// @ts-expect-error not a Clerk event
hooks.on("clerk", "user.create", () => {});
