// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; parameters are typed.
import { createWebhooks } from "@hookwire/core";
import { twilio } from "./receiver.js";

const hooks = createWebhooks({ receivers: { twilio: twilio({ authToken: "t" }) } });

hooks.on("twilio", "message.received", (event) => {
  const sid: string = event.payload.MessageSid;
  const body: string | undefined = event.payload.Body;
  void sid;
  void body;
});
hooks.on("twilio", "call.completed", (event) => {
  const status: "completed" | string = event.payload.CallStatus;
  void status;
});
hooks.on("twilio", "call.*", (event) => {
  const sid: string = event.payload.CallSid;
  void sid;
});

// @ts-expect-error not a Twilio event
hooks.on("twilio", "message.recieved", () => {});
// @ts-expect-error call statuses are hyphenated
hooks.on("twilio", "call.in_progress", () => {});
