import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { pusher } from "./receiver.js";
import { pusherScheme } from "./scheme.js";

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
  const { headers } = await pusherScheme.sign({ body: typeof body === "string" ? utf8(body) : body, secret });
  return headers["X-Pusher-Signature"]!;
}

/**
 * A correctly signed Pusher webhook `Request` — for your own tests. `key` is the `X-Pusher-Key`
 * (default `hookwire-test`). When the payload is an object without `events` and `input.event` is
 * given, it becomes `{ time_ms, events: [{ name: event, ...payload }] }`.
 *
 * @example
 * ```ts
 * import { pusherTestRequest } from "@hookwire/pusher/testing";
 * const request = await pusherTestRequest({ secret: "app-secret", key: "app-key", event: "member_added", payload: { channel: "presence-x", user_id: "1" } });
 * ```
 */
export function pusherTestRequest(input: TestRequestInput & { key?: string }): Promise<Request> {
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
  return testRequest(
    pusherScheme,
    { ...input, payload },
    {
      url: "https://example.com/webhooks/pusher",
      headers: { "x-pusher-key": input.key ?? "hookwire-test" },
    },
  );
}

/**
 * Pusher for the `hookwire` CLI and other tools: sign, send and listen with an app secret (any
 * `X-Pusher-Key`).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/pusher/testing";
 * const request = await descriptor.sign({ secret: "app-secret", event: "channel_occupied", payload: { channel: "c" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "pusher",
  packageName: "@hookwire/pusher",
  sign: pusherTestRequest,
  receiver: (secret) => pusher({ secret }),
  example: {
    payload: { time_ms: 1403175510755, events: [{ channel: "test_channel", name: "channel_vacated" }] },
  },
};
