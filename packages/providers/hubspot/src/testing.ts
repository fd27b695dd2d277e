import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { hubspot } from "./receiver.js";
import { type HubSpotSignatureVersion, hubspotSchemeWith } from "./scheme.js";

const schemes = {
  v1: hubspotSchemeWith({ versions: ["v1"] }),
  v2: hubspotSchemeWith({ versions: ["v2"] }),
  v3: hubspotSchemeWith({ versions: ["v3"] }),
};

/**
 * A correctly signed HubSpot `Request`, as HubSpot would send it — for your own tests. The payload
 * is the whole body (a Webhooks API batch is an array of events); it is signed with v3 (default) or
 * `version: "v2" | "v1"`, over `url` (default `https://example.com/webhooks/hubspot`).
 *
 * @example
 * ```ts
 * import { hubspotTestRequest } from "@hookwire/hubspot/testing";
 * const request = await hubspotTestRequest({
 *   secret: "client-secret",
 *   payload: [{ eventId: 1, subscriptionType: "contact.creation", objectId: 123, portalId: 1, appId: 1, occurredAt: Date.now(), subscriptionId: 1, attemptNumber: 0, changeSource: "CRM" }],
 * });
 * ```
 */
export function hubspotTestRequest(
  input: TestRequestInput & { version?: HubSpotSignatureVersion },
): Promise<Request> {
  return testRequest(schemes[input.version ?? "v3"], input, {
    url: "https://example.com/webhooks/hubspot",
    headers: { "user-agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/)" },
  });
}

/**
 * HubSpot for the `hookwire` CLI and other tools: sign (v3), send and listen with the app's client
 * secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/hubspot/testing";
 * const request = await descriptor.sign({ secret: "client-secret", payload: [] });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "hubspot",
  packageName: "@hookwire/hubspot",
  sign: hubspotTestRequest,
  receiver: (secret) => hubspot({ secret }),
  secretIs: "the app's client secret",
  example: {
    payload: [
      {
        eventId: 1,
        subscriptionId: 12345,
        portalId: 62515,
        occurredAt: 1564113600000,
        subscriptionType: "contact.creation",
        attemptNumber: 0,
        objectId: 123,
        changeSource: "CRM",
        changeFlag: "NEW",
        appId: 54321,
      },
    ],
  },
};
