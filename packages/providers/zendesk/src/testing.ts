import { concatBytes, hmacString, type TestRequestInput, testBody, utf8 } from "@hookwire/core";

/**
 * Zendesk's static secret for test deliveries made before a webhook exists (the "Test webhook"
 * button while creating one). Never use it for real deliveries.
 */
export const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

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
  const bytes = typeof body === "string" ? utf8(body) : body;
  return hmacString("SHA-256", secret, concatBytes(utf8(timestamp), bytes), "base64");
}

/**
 * A correctly signed Zendesk `Request` — for your own tests. The timestamp header is ISO 8601
 * (`input.timestamp` in seconds, default now). When the payload is an object without `type` and
 * `input.event` is given, it becomes an event-subscription body of that type.
 *
 * @example
 * ```ts
 * const request = await zendeskTestRequest({ secret: "s", event: "zen:event-type:user.created", payload: { detail: { id: "1" } } });
 * ```
 */
export async function zendeskTestRequest(input: TestRequestInput): Promise<Request> {
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
  const body = testBody(payload);
  return new Request(input.url ?? "https://example.com/webhooks/zendesk", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "user-agent": "Zendesk Webhook",
      "x-zendesk-webhook-id": "01HOOKWIRETEST",
      "x-zendesk-webhook-invocation-id": String(Date.now()),
      "x-zendesk-webhook-signature-timestamp": timestamp,
      "x-zendesk-webhook-signature": await zendeskSignature(body, timestamp, input.secret),
      ...input.headers,
    },
  });
}
