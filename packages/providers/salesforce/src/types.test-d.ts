// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import { dedupeNotifications } from "./dedupe.js";
import { salesforce } from "./receiver.js";

const hooks = createWebhooks({
  receivers: { salesforce: salesforce({ organizationId: "00D000000000062EAA" }) },
});

hooks.on("salesforce", "sobject.Account", (event) => {
  const name: string | null | undefined = event.payload.notifications[0]?.sObject.Name;
  const action: string = event.payload.actionId;
  const t: "sobject.Account" = event.type;
  void name;
  void action;
  void t;
});
hooks.on("salesforce", "sobject.*", (event) => {
  const org: string = event.payload.organizationId;
  void org;
});

// @ts-expect-error not a Salesforce event name
hooks.on("salesforce", "Account", () => {});
hooks.on("salesforce", "sobject.Lead", (event) => {
  // @ts-expect-error the payload is a message, not a record
  void event.payload.Name;
});

// dedupeNotifications keeps the handler's event typed
const store = memoryIdempotencyStore();
hooks.on(
  "salesforce",
  "sobject.Account",
  dedupeNotifications(
    (event) => {
      const name: string | null | undefined = event.payload.notifications[0]?.sObject.Name;
      // @ts-expect-error Accounts have no Email field typed
      const email: number = event.payload.notifications[0]?.sObject.Email;
      void name;
      void email;
    },
    { store },
  ),
);
