import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { okta } from "./receiver.js";
import { oktaScheme } from "./scheme.js";

/**
 * An Okta event hook delivery, as Okta sends it, for your own tests: `secret` is the value Okta
 * sends in `Authorization`; `payload` the delivery (`{ eventType: "com.okta.event_hook", data: { events } }`).
 *
 * @example
 * ```ts
 * import { oktaTestRequest } from "@hookwire/okta/testing";
 * const request = await oktaTestRequest({ secret: "s3cret", payload: { eventType: "com.okta.event_hook", eventId: "e1", data: { events: [] } } });
 * ```
 */
export function oktaTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(oktaScheme, input, {
    url: "https://example.com/webhooks/okta",
    headers: { "user-agent": "Okta Event Hooks" },
  });
}

/**
 * Okta for the `hookwire` CLI and other tools: the secret is the event hook's authentication
 * secret, sent in `Authorization`.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/okta/testing";
 * const request = await descriptor.sign({ secret: "s3cret", payload: { data: { events: [] } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "okta",
  packageName: "@hookwire/okta",
  sign: oktaTestRequest,
  receiver: (secret) => okta({ secret }),
  secretIs: "the event hook's authentication secret (the Authorization header's value)",
};
