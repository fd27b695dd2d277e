// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { standardWebhooks } from "./receiver.js";

type Events = { "user.created": { type: "user.created"; data: { id: string } } };
const hooks = createWebhooks({
  receivers: {
    clerk: standardWebhooks<Events>({ secret: "whsec_x" }),
    any: standardWebhooks({ secret: "whsec_x" }),
  },
});
hooks.on("clerk", "user.created", (event) => {
  const id: string = event.payload.data.id;
  void id;
});
// @ts-expect-error not one of this receiver's events
hooks.on("clerk", "user.deleted", () => {});
hooks.on("any", "whatever.happened", (event) => {
  const type: string = event.payload.type;
  void type;
});
