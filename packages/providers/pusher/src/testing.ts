import { hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `X-Pusher-Signature` value Pusher sends for a body: hex HMAC-SHA256 under the app secret.
 *
 * @example
 * ```ts
 * await pusherSignature('{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}', "beef");
 * // "df1465f5ff93f83238152fd002cb904f9562d39569e68f00a6bfa0d8ccf88334"
 * ```
 */
export async function pusherSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return hmacString("SHA-256", secret, body, "hex");
}

/**
 * A correctly signed Pusher webhook `Request` — for your own tests. `key` is the `X-Pusher-Key`
 * (default `hookwire-test`). When the payload is an object without `events` and `input.event` is
 * given, it becomes `{ time_ms, events: [{ name: event, ...payload }] }`.
 *
 * @example
 * ```ts
 * const request = await pusherTestRequest({ secret: "app-secret", key: "app-key", event: "member_added", payload: { channel: "presence-x", user_id: "1" } });
 * ```
 */
export async function pusherTestRequest(input: TestRequestInput & { key?: string }): Promise<Request> {
  let payload = input.payload;
  if (
    input.event !== undefined &&
    typeof payload === "object" &&
    payload !== null &&
    !(payload instanceof Uint8Array) &&
    !("events" in payload)
  ) {
    payload = {
      time_ms: input.timestamp === undefined ? Date.now() : input.timestamp * 1000,
      events: [{ name: input.event, ...(payload as object) }],
    };
  }
  const body = testBody(payload);
  return new Request(input.url ?? "https://example.com/webhooks/pusher", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "x-pusher-key": input.key ?? "hookwire-test",
      "x-pusher-signature": await pusherSignature(body, input.secret),
      ...input.headers,
    },
  });
}
