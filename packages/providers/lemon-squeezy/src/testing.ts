import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { lemonSqueezy } from "./receiver.js";
import { lemonSqueezyScheme } from "./scheme.js";

/**
 * The `X-Signature` value Lemon Squeezy sends for a body.
 *
 * @example
 * ```ts
 * await lemonSqueezySignature('{"meta":{"event_name":"order_created"}}', "s3cret"); // 64 hex digits
 * ```
 */
export async function lemonSqueezySignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await lemonSqueezyScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
  });
  return headers["X-Signature"]!;
}

/**
 * A correctly signed Lemon Squeezy webhook `Request`, as Lemon Squeezy would send it — for your own
 * tests. `event` is the `X-Event-Name` header (default: the payload's `meta.event_name`, else
 * `order_created`); the payload is sent as it is, so give it the `meta.event_name` the receiver
 * reads.
 *
 * @example
 * ```ts
 * import { lemonSqueezyTestRequest } from "@hookwire/lemon-squeezy/testing";
 * const request = await lemonSqueezyTestRequest({
 *   secret: "s3cret",
 *   payload: { meta: { event_name: "order_created" }, data: { type: "orders", id: "1", attributes: {} } },
 * });
 * const response = await hooks.handle(request);
 * ```
 */
export function lemonSqueezyTestRequest(input: TestRequestInput): Promise<Request> {
  const meta = (input.payload as { meta?: { event_name?: unknown } } | null)?.meta;
  const name = input.event ?? (typeof meta?.event_name === "string" ? meta.event_name : "order_created");
  return testRequest(lemonSqueezyScheme, input, {
    url: "https://example.com/webhooks/lemon-squeezy",
    headers: { "x-event-name": name },
  });
}

/**
 * Lemon Squeezy for the `hookwire` CLI and other tools: sign, send and listen with a signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/lemon-squeezy/testing";
 * const request = await descriptor.sign({ secret: "s3cret", event: "order_created", payload: { meta: { event_name: "order_created" }, data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "lemon-squeezy",
  packageName: "@hookwire/lemon-squeezy",
  sign: lemonSqueezyTestRequest,
  receiver: (secret) => lemonSqueezy({ secret }),
  eventOption: "X-Event-Name, used when the body has no meta.event_name (order_created…)",
};
