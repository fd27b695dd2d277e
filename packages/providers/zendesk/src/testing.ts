import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { zendesk } from "./receiver.js";
import { ZENDESK_TEST_SECRET, zendeskMac, zendeskScheme } from "./scheme.js";

export { ZENDESK_TEST_SECRET };

/**
 * The `X-Zendesk-Webhook-Signature` value Zendesk sends: base64 HMAC-SHA256 of timestamp + body,
 * with the secret used verbatim.
 *
 * @example
 * ```ts
 * await zendeskSignature('{"type":"zen:event-type:user.created"}', "2099-07-04T05:33:18Z", "secret");
 * ```
 */
export async function zendeskSignature(
  body: string | Uint8Array,
  timestamp: string,
  secret: string,
): Promise<string> {
  return zendeskMac(timestamp, typeof body === "string" ? utf8(body) : body, secret);
}

/**
 * A correctly signed Zendesk `Request` — for your own tests. The timestamp header is ISO 8601
 * (`input.timestamp` in seconds, default now). When the payload is an object without `type` and
 * `input.event` is given, it becomes an event-subscription body of that type.
 *
 * @example
 * ```ts
 * import { zendeskTestRequest } from "@hookwire/zendesk/testing";
 * const request = await zendeskTestRequest({ secret: "s", event: "zen:event-type:user.created", payload: { detail: { id: "1" } } });
 * ```
 */
export function zendeskTestRequest(input: TestRequestInput): Promise<Request> {
  const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
  const timestamp = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  let payload = input.payload;
  if (
    input.event !== undefined &&
    typeof payload === "object" &&
    payload !== null &&
    !(payload instanceof Uint8Array) &&
    !("type" in payload)
  ) {
    payload = {
      type: input.event,
      account_id: 1,
      id: input.id ?? crypto.randomUUID(),
      time: timestamp,
      zendesk_event_version: "2022-11-06",
      subject: "zen:test:1",
      detail: {},
      event: {},
      ...(payload as object),
    };
  }
  return testRequest(
    zendeskScheme,
    { ...input, payload, timestamp: seconds },
    {
      url: "https://example.com/webhooks/zendesk",
      headers: {
        "user-agent": "Zendesk Webhook",
        "x-zendesk-webhook-id": "01HOOKWIRETEST",
        "x-zendesk-webhook-invocation-id": String(Date.now()),
      },
    },
  );
}

/**
 * Zendesk for the `hookwire` CLI and other tools: sign, send and listen with the webhook's signing
 * secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/zendesk/testing";
 * const request = await descriptor.sign({ secret: "s", event: "zen:event-type:user.created", payload: { detail: { id: "1" } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "zendesk",
  packageName: "@hookwire/zendesk",
  sign: zendeskTestRequest,
  receiver: (secret) => zendesk({ secret }),
  example: {
    payload: {
      type: "zen:event-type:user.active_changed",
      account_id: 12514403,
      id: "2b24ef10-19d4-4740-93cf-8f98ec4776c0",
      time: "2099-07-04T05:33:18Z",
      zendesk_event_version: "2022-06-20",
      subject: "zen:user:6596848315901",
      detail: {
        created_at: "2099-07-04T05:27:58Z",
        email: "johnny@example.com",
        external_id: "",
        default_group_id: "0",
        id: "6596848315901",
        organization_id: "0",
        role: "end-user",
        updated_at: "2099-07-04T05:33:18Z",
      },
      event: { current: false, previous: true },
    },
  },
};
