import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { typeform } from "./receiver.js";
import { typeformScheme } from "./scheme.js";

/**
 * The `Typeform-Signature` value Typeform sends for a body.
 *
 * @example
 * ```ts
 * await typeformSignature('{"event_type":"form_response"}', "secret"); // "sha256=…"
 * ```
 */
export function typeformSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(typeformScheme, "Typeform-Signature", body, secret);
}

/**
 * A correctly signed Typeform webhook `Request`, as Typeform would send it — for your own tests. An
 * object payload without `event_type` or `event_id` gets them from `event` (default
 * `form_response`) and `id`; a string or bytes payload is sent as it is.
 *
 * @example
 * ```ts
 * import { typeformTestRequest } from "@hookwire/typeform/testing";
 * const request = await typeformTestRequest({ secret: "secret", payload: { form_response: { form_id: "lT4Z3j", answers: [] } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function typeformTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(typeformScheme, input, {
    url: "https://example.com/webhooks/typeform",
    fields: {
      event_id: input.id ?? crypto.randomUUID().replace(/-/g, "").toUpperCase().slice(0, 26),
      event_type: input.event ?? "form_response",
    },
  });
}

/**
 * Typeform for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/typeform/testing";
 * const request = await descriptor.sign({ secret: "secret", event: "form_response", payload: { form_response: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "typeform",
  packageName: "@hookwire/typeform",
  sign: typeformTestRequest,
  receiver: (secret) => typeform({ secret }),
  eventOption: "the body's event_type when the payload has none (form_response)",
  example: {
    payload: {
      event_id: "LtWXD3crgy",
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        token: "a3a12ec67a1365927098a606107fac15",
        submitted_at: "2018-01-18T18:17:02Z",
        landed_at: "2018-01-18T18:07:02Z",
        calculated: { score: 9 },
        variables: [
          { key: "score", type: "number", number: 4 },
          { key: "name", type: "text", text: "typeform" },
        ],
        hidden: { user_id: "abc123456" },
        definition: {
          id: "lT4Z3j",
          title: "Webhooks example",
          fields: [
            {
              id: "DlXFaesGBpoF",
              title: "Thanks, {{answer_60906475}}! What's it like to be {{answer_60906477}}?",
              type: "long_text",
              ref: "readable_ref_long_text",
              allow_multiple_selections: false,
              allow_other_choice: false,
            },
            {
              id: "SMEUb7VJz92Q",
              title: "What is your email?",
              type: "email",
              ref: "readable_ref_email",
              allow_multiple_selections: false,
              allow_other_choice: false,
            },
          ],
        },
        answers: [
          {
            type: "text",
            text: "It's cold right now! I live in an older medium-sized city with a university. Geographically, the area is hilly.",
            field: { id: "DlXFaesGBpoF", type: "long_text", ref: "readable_ref_long_text" },
          },
          {
            type: "email",
            email: "laura@example.com",
            field: { id: "SMEUb7VJz92Q", type: "email", ref: "readable_ref_email" },
          },
        ],
        ending: { id: "dN5FLyFpCMFo", ref: "01GRC8GR2017M6WW347T86VV39" },
      },
    },
    event: "form_response",
  },
};
