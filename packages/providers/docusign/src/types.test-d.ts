// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { docusign } from "./receiver.js";

const hooks = createWebhooks({ receivers: { docusign: docusign({ secret: "k" }) } });

hooks.on("docusign", "envelope-completed", (event) => {
  const id: string = event.payload.data.envelopeId;
  const retries: number = event.payload.retryCount;
  void id;
  void retries;
});
hooks.on("docusign", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error DocuSign names events with a dash
hooks.on("docusign", "envelope.completed", () => {});
hooks.on("docusign", "recipient-completed", (event) => {
  // @ts-expect-error the event is recipient-completed
  const other: "envelope-completed" = event.payload.event;
  void other;
});
