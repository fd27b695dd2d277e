// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { calendly } from "./receiver.js";

const hooks = createWebhooks({ receivers: { calendly: calendly({ secret: "s" }) } });

hooks.on("calendly", "invitee.created", (event) => {
  const start: string = event.payload.payload.scheduled_event.start_time;
  const t: "invitee.created" = event.type;
  void start;
  void t;
});
hooks.on("calendly", "invitee.canceled", (event) => {
  const by: string | undefined = event.payload.payload.cancellation?.canceled_by;
  void by;
});
hooks.on("calendly", "routing_form_submission.created", (event) => {
  const form: string = event.payload.payload.routing_form;
  void form;
});

// @ts-expect-error Calendly spells it canceled
hooks.on("calendly", "invitee.cancelled", () => {});
// @ts-expect-error not a Calendly event (invitee.created)
hooks.on("calendly", "invitee.booked", () => {});
hooks.on("calendly", "invitee_no_show.created", (event) => {
  // @ts-expect-error a no-show has no scheduled_event
  void event.payload.payload.scheduled_event.start_time;
});
