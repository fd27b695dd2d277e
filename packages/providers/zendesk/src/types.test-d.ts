// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { zendesk } from "./receiver.js";

const hooks = createWebhooks({ receivers: { zendesk: zendesk({ secret: "s" }) } });

hooks.on("zendesk", "zen:event-type:user.active_changed", (event) => {
  const active: boolean = event.payload.event.current;
  const role: string = event.payload.detail.role;
  void active;
  void role;
});
hooks.on("zendesk", "zen:event-type:organization.created", (event) => {
  const name: string = event.payload.detail.name;
  void name;
});
hooks.on("zendesk", "custom", (event) => {
  // @ts-expect-error an XML body is a string: narrow first
  const unnarrowed: unknown = event.payload.ticket_id;
  const anything: unknown = typeof event.payload === "string" ? event.payload : event.payload.ticket_id;
  void unnarrowed;
  void anything;
});
hooks.on("zendesk", "zen:event-type:user.*", (event) => {
  const email: string | null | undefined = event.payload.detail.email;
  void email;
});

// @ts-expect-error not a Zendesk event
hooks.on("zendesk", "zen:event-type:user.createdd", () => {});
hooks.on("zendesk", "zen:event-type:organization.created", (event) => {
  // @ts-expect-error organizations have no role
  const role: string = event.payload.detail.role;
  void role;
});
