// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { resend } from "./receiver.js";

const hooks = createWebhooks({
  receivers: { resend: resend({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }) },
});

hooks.on("resend", "email.bounced", (event) => {
  const to: string[] = event.payload.data.to;
  void to;
});
hooks.on("resend", "email.*", (event) => {
  const id: string = event.payload.data.email_id;
  void id;
});

// @ts-expect-error not a Resend event
hooks.on("resend", "email.bounce", () => {});
