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
  example: {
    payload: {
      eventType: "com.okta.event_hook",
      eventTypeVersion: "1.0",
      cloudEventsVersion: "0.1",
      source: "https://{yourOktaDomain}/api/v1/eventHooks/whoql0HfiLGPWc8Jx0g3",
      eventId: "b5a188b9-5ece-4636-b041-482ffda96311",
      data: {
        events: [
          {
            uuid: "2a7cf3ba-33d1-11ea-9ad1-a3a4b5c4c2f2",
            published: "2020-01-10T18:08:29.085Z",
            eventType: "user.session.start",
            version: "0",
            displayMessage: "User login to Okta",
            severity: "INFO",
            client: {
              userAgent: { rawUserAgent: "Mozilla/5.0", os: "Mac OS X", browser: "CHROME" },
              zone: "null",
              device: "Computer",
              id: null,
              ipAddress: "192.0.2.1",
              geographicalContext: { city: "San Francisco", state: "California", country: "United States" },
            },
            actor: {
              id: "00u1qw1mqitPHM8AJ0g7",
              type: "User",
              alternateId: "john.doe@example.com",
              displayName: "John Doe",
              detailEntry: null,
            },
            outcome: { result: "SUCCESS", reason: null },
            target: null,
            transaction: { type: "WEB", id: "Xhi7rRuCVAGwY3jZIdXKiAAADbk", detail: {} },
            debugContext: { debugData: { requestUri: "/api/v1/authn" } },
            legacyEventType: "core.user_auth.login_success",
            authenticationContext: { authenticationStep: 0, externalSessionId: "102bZDNFfWaQSyEZQuDgWt-uQ" },
            securityContext: {},
          },
        ],
      },
      eventTime: "2020-01-10T18:08:29.325Z",
      contentType: "application/json",
    },
  },
};
