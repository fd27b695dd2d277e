// Type tests, checked by `pnpm typecheck`: a wrong event type is a compile error; responses are typed.
import { createWebhooks } from "@hookwire/core";
import { typeform } from "./receiver.js";

const hooks = createWebhooks({ receivers: { typeform: typeform({ secret: "s" }) } });

hooks.on("typeform", "form_response", (event) => {
  const formId: string = event.payload.form_response.form_id;
  const ref: string = event.payload.form_response.answers[0]!.field.ref;
  const t: "form_response" = event.type;
  void formId;
  void ref;
  void t;
});
hooks.on("typeform", "form_response_partial", (event) => {
  const token: string = event.payload.form_response.token;
  void token;
});

// @ts-expect-error not a Typeform event type (form_response)
hooks.on("typeform", "form_submitted", () => {});
hooks.on("typeform", "form_response", (event) => {
  // @ts-expect-error an answer's field has no `value`
  const value: string = event.payload.form_response.answers[0]!.field.value.text;
  void value;
});
