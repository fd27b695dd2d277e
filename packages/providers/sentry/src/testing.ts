import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { sentry } from "./receiver.js";
import { sentryScheme } from "./scheme.js";

/**
 * The `Sentry-Hook-Signature` value Sentry sends for a body.
 *
 * @example
 * ```ts
 * await sentrySignature('{"action":"created"}', "client-secret"); // 64 hex digits
 * ```
 */
export function sentrySignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(sentryScheme, "Sentry-Hook-Signature", body, secret);
}

/**
 * A correctly signed Sentry integration webhook `Request`, as Sentry would send it — for your own
 * tests. `event` is the `Sentry-Hook-Resource` (default `issue`); `id` the `Request-ID`.
 *
 * @example
 * ```ts
 * import { sentryTestRequest } from "@hookwire/sentry/testing";
 * const request = await sentryTestRequest({ secret: "client-secret", event: "issue", payload: { action: "created", data: { issue: {} } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function sentryTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(sentryScheme, input, {
    url: "https://example.com/webhooks/sentry",
    headers: {
      "sentry-hook-resource": input.event ?? "issue",
      "sentry-hook-timestamp": String(Math.floor(input.timestamp ?? Date.now() / 1000)),
      "request-id": input.id ?? crypto.randomUUID(),
    },
  });
}

/**
 * Sentry for the `hookwire` CLI and other tools: sign, send and listen with a client secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/sentry/testing";
 * const request = await descriptor.sign({ secret: "client-secret", event: "issue", payload: { action: "created" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "sentry",
  packageName: "@hookwire/sentry",
  sign: sentryTestRequest,
  receiver: (secret) => sentry({ secret }),
  eventOption: "Sentry-Hook-Resource (issue, error, installation…)",
  secretIs: "the integration's client secret",
  example: {
    payload: {
      action: "created",
      installation: { uuid: "7a485448-a9e2-4c85-8a3c-4f44175783c9" },
      data: {
        issue: {
          id: "1170820242",
          shareId: null,
          shortId: "FRONT-END-9",
          title: "Error: Loading chunk 2 failed.",
          culprit: "?(runtime)",
          permalink: null,
          logger: null,
          level: "error",
          status: "unresolved",
          statusDetails: {},
          isPublic: false,
          platform: "javascript",
          project: { id: "1", name: "front-end", slug: "front-end", platform: "javascript" },
          type: "error",
          metadata: { filename: "/runtime.js", type: "ChunkLoadError", value: "Loading chunk 2 failed." },
          numComments: 0,
          assignedTo: null,
          isBookmarked: false,
          isSubscribed: false,
          subscriptionDetails: null,
          hasSeen: false,
          annotations: [],
          isUnhandled: true,
          count: "1",
          userCount: 0,
          firstSeen: "2019-08-19T20:58:37.391000Z",
          lastSeen: "2019-08-19T20:58:37.391000Z",
          url: "https://sentry.io/api/0/organizations/example/issues/1170820242/",
          web_url: "https://sentry.io/organizations/example/issues/1170820242/",
          project_url: "https://sentry.io/organizations/example/issues/?project=1",
        },
      },
      actor: { type: "application", id: "sentry", name: "Sentry" },
    },
    event: "issue",
  },
};
