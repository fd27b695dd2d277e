import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { calendly } from "./receiver.js";
import { calendlyScheme } from "./scheme.js";

/**
 * The `Calendly-Webhook-Signature` value Calendly sends for a body at a time (seconds, default now).
 *
 * @example
 * ```ts
 * await calendlySignature('{"event":"invitee.created"}', "signing-key", 1700000000); // "t=1700000000,v1=…"
 * ```
 */
export function calendlySignature(
  body: string | Uint8Array,
  secret: string,
  timestamp?: number,
): Promise<string> {
  return signatureHeader(calendlyScheme, "Calendly-Webhook-Signature", body, secret, timestamp);
}

/**
 * A correctly signed Calendly webhook `Request`, as Calendly would send it — for your own tests. An
 * object payload without `event` gets it from `event` (default `invitee.created`); a string or bytes
 * payload is sent as it is.
 *
 * @example
 * ```ts
 * import { calendlyTestRequest } from "@hookwire/calendly/testing";
 * const request = await calendlyTestRequest({ secret: "signing-key", payload: { payload: { uri: "https://api.calendly.com/…/invitees/1" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function calendlyTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(calendlyScheme, input, {
    url: "https://example.com/webhooks/calendly",
    fields: { event: input.event ?? "invitee.created" },
  });
}

/**
 * Calendly for the `hookwire` CLI and other tools: sign, send and listen with a signing key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/calendly/testing";
 * const request = await descriptor.sign({ secret: "signing-key", event: "invitee.created", payload: { payload: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "calendly",
  packageName: "@hookwire/calendly",
  sign: calendlyTestRequest,
  receiver: (secret) => calendly({ secret }),
  eventOption: "the body's event when the payload has none (invitee.created…)",
  secretIs: "the webhook subscription's signing_key",
  example: {
    payload: {
      created_at: "2020-11-23T17:51:19.000000Z",
      created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
      event: "invitee.created",
      payload: {
        cancel_url: "https://calendly.com/cancellations/AAAAAAAAAAAAAAAA",
        created_at: "2020-11-23T17:51:18.327602Z",
        email: "test@example.com",
        event: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
        first_name: "John",
        last_name: "Doe",
        name: "John Doe",
        new_invitee: null,
        no_show: null,
        old_invitee: null,
        questions_and_answers: [{ answer: "I'm good, thanks!", position: 0, question: "How are you?" }],
        reschedule_url: "https://calendly.com/reschedulings/AAAAAAAAAAAAAAAA",
        rescheduled: false,
        scheduled_event: {
          created_at: "2020-11-23T17:51:18.327602Z",
          end_time: "2020-11-23T17:51:18.327602Z",
          event_memberships: [
            {
              user: "https://api.calendly.com/users/GBGBDCAADAEDCRZ2",
              user_email: "user@example.com",
              user_name: "John Smith",
            },
          ],
          event_type: "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2",
          location: { location: "Calendly Office", type: "physical" },
          name: "15 Minute Meeting",
          start_time: "2020-11-23T17:51:18.327602Z",
          status: "active",
          updated_at: "2020-11-23T17:51:18.327602Z",
          uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
        },
        status: "active",
        text_reminder_number: "+1 404-555-1234",
        timezone: "America/New_York",
        tracking: {
          utm_campaign: null,
          utm_source: null,
          utm_medium: null,
          utm_content: null,
          utm_term: null,
          salesforce_uuid: null,
        },
        updated_at: "2020-11-23T17:51:18.341657Z",
        uri: "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA",
      },
    },
    event: "invitee.created",
  },
};
