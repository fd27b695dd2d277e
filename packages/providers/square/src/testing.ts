import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { square } from "./receiver.js";
import { squareScheme } from "./scheme.js";

/**
 * A correctly signed Square webhook `Request`, as Square would send it — for your own tests. The
 * payload is the whole body (`{ merchant_id, type, event_id, created_at, data }`); the URL it goes to
 * (`url`, default `https://example.com/webhooks/square`) is the signed notification URL.
 *
 * @example
 * ```ts
 * import { squareTestRequest } from "@hookwire/square/testing";
 * const request = await squareTestRequest({
 *   secret: "signature-key",
 *   url: "https://shop.example.com/webhooks/square",
 *   payload: { merchant_id: "M1", type: "payment.created", event_id: crypto.randomUUID(), created_at: new Date().toISOString(), data: { type: "payment", id: "P1", object: { payment: { id: "P1" } } } },
 * });
 * ```
 */
export function squareTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(squareScheme, input, {
    url: "https://example.com/webhooks/square",
    headers: { "user-agent": "Square Connect v2" },
  });
}

/**
 * Square for the `hookwire` CLI and other tools: sign, send and listen with a subscription's
 * signature key (the URL sent to is the signed notification URL).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/square/testing";
 * const request = await descriptor.sign({ secret: "signature-key", payload: { type: "payment.created", event_id: "e1", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "square",
  packageName: "@hookwire/square",
  sign: squareTestRequest,
  receiver: (secret) => square({ secret }),
  secretIs: "the subscription's signature key",
};
