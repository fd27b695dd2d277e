import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { intercom } from "./receiver.js";
import { intercomScheme } from "./scheme.js";

/**
 * The `X-Hub-Signature` value Intercom sends for a body.
 *
 * @example
 * ```ts
 * await intercomSignature('{"topic":"ping"}', "client-secret"); // "sha1=…"
 * ```
 */
export function intercomSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(intercomScheme, "X-Hub-Signature", body, secret);
}

/**
 * A correctly signed Intercom notification `Request`, as Intercom would send it — for your own
 * tests. An object payload without `topic` or `id` gets them from `event` and `id` (default a
 * random `notif_…`); a string or bytes payload is sent as it is.
 *
 * @example
 * ```ts
 * import { intercomTestRequest } from "@hookwire/intercom/testing";
 * const request = await intercomTestRequest({ secret: "client-secret", event: "ping", payload: { data: { item: { type: "ping", message: "hi" } } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function intercomTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(intercomScheme, input, {
    url: "https://example.com/webhooks/intercom",
    fields: {
      type: "notification_event",
      topic: input.event ?? "ping",
      id: input.id ?? `notif_${crypto.randomUUID()}`,
    },
  });
}

/**
 * Intercom for the `hookwire` CLI and other tools: sign, send and listen with a client secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/intercom/testing";
 * const request = await descriptor.sign({ secret: "client-secret", event: "ping", payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "intercom",
  packageName: "@hookwire/intercom",
  sign: intercomTestRequest,
  receiver: (secret) => intercom({ secret }),
  eventOption: "the body's topic when the payload has none (conversation.user.created…)",
  secretIs: "the app's client secret",
  example: {
    payload: {
      type: "notification_event",
      app_id: "a86dr8yl",
      data: {
        type: "notification_event_data",
        item: {
          type: "conversation",
          id: "147",
          created_at: 1400857494,
          updated_at: 1400857494,
          title: null,
          state: "open",
          open: true,
          read: false,
          priority: "not_priority",
          admin_assignee_id: null,
          team_assignee_id: null,
          source: {
            type: "conversation",
            id: "403918330",
            delivered_as: "customer_initiated",
            body: "<p>Hi Alice, I'd like help with my account</p>",
            author: {
              type: "user",
              id: "536e564f316c83104c000020",
              name: "Joe Bloggs",
              email: "joe@bloggs.com",
            },
          },
          contacts: {
            type: "contact.list",
            contacts: [{ type: "contact", id: "536e564f316c83104c000020", external_id: "70" }],
          },
        },
      },
      links: {},
      id: "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
      topic: "conversation.user.created",
      delivery_status: "pending",
      delivery_attempts: 1,
      delivered_at: 0,
      first_sent_at: 1400857494,
      created_at: 1400857494,
      self: null,
    },
    event: "conversation.user.created",
  },
};
