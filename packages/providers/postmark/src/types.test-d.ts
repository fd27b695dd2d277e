// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { postmark } from "./receiver.js";

const hooks = createWebhooks({ receivers: { postmark: postmark({ credentials: "u:p" }) } });

hooks.on("postmark", "Bounce", (event) => {
  const email: string = event.payload.Email;
  const code: number = event.payload.TypeCode;
  void email;
  void code;
});
hooks.on("postmark", "Inbound", (event) => {
  const from: string = event.payload.FromFull.Email;
  void from;
});

// @ts-expect-error RecordType is PascalCase
hooks.on("postmark", "bounce", () => {});
hooks.on("postmark", "Delivery", (event) => {
  // @ts-expect-error deliveries have no bounce type
  void event.payload.TypeCode;
});
