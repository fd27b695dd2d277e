import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { paddle } from "./receiver.js";
import { paddleScheme } from "./scheme.js";

/**
 * A correctly signed Paddle Billing notification `Request`, as Paddle would send it — for your own
 * tests. The payload is the whole body (`{ event_id, event_type, occurred_at, notification_id, data }`);
 * it is signed with `secret` at `timestamp` (default now).
 *
 * @example
 * ```ts
 * import { paddleTestRequest } from "@hookwire/paddle/testing";
 * const request = await paddleTestRequest({
 *   secret: "pdl_ntfset_test",
 *   payload: { event_id: "evt_01", event_type: "subscription.created", occurred_at: new Date().toISOString(), notification_id: "ntf_01", data: { id: "sub_01" } },
 * });
 * ```
 */
export function paddleTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(paddleScheme, input, {
    url: "https://example.com/webhooks/paddle",
    headers: { "user-agent": "Paddle" },
  });
}

/**
 * Paddle Billing for the `hookwire` CLI and other tools: sign, send and listen with a notification
 * destination's secret key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/paddle/testing";
 * const request = await descriptor.sign({ secret: "pdl_ntfset_test", payload: { event_type: "transaction.completed", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "paddle",
  packageName: "@hookwire/paddle",
  sign: paddleTestRequest,
  receiver: (secret) => paddle({ secret }),
  secretIs: "the notification destination's secret key (pdl_ntfset_…)",
};
