import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { zoom } from "./receiver.js";
import { zoomScheme } from "./scheme.js";

/**
 * A correctly signed Zoom event notification `Request`, as Zoom would send it — for your own tests.
 * The payload is the whole body (`{ event, event_ts, payload }`); it is signed with `secret` (the
 * app's Secret Token) at `timestamp` (default now).
 *
 * @example
 * ```ts
 * import { zoomTestRequest } from "@hookwire/zoom/testing";
 * const request = await zoomTestRequest({
 *   secret: "secret-token",
 *   payload: { event: "meeting.started", event_ts: Date.now(), payload: { account_id: "a", object: { id: 1, uuid: "u", host_id: "h", topic: "Standup", type: 2 } } },
 * });
 * const response = await hooks.handle(request);
 * ```
 */
export function zoomTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(zoomScheme, input, {
    url: "https://example.com/webhooks/zoom",
    headers: { "user-agent": "Zoom Marketplace/1.0a" },
  });
}

/**
 * Zoom for the `hookwire` CLI and other tools: sign, send and listen with the app's Secret Token.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/zoom/testing";
 * const request = await descriptor.sign({ secret: "secret-token", payload: { event: "meeting.started", event_ts: 0, payload: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "zoom",
  packageName: "@hookwire/zoom",
  sign: zoomTestRequest,
  receiver: (secret) => zoom({ secret }),
  secretIs: "the app's Secret Token",
  example: {
    payload: {
      event: "meeting.started",
      event_ts: 1626230691572,
      payload: {
        account_id: "AAAAAABBBB",
        object: {
          id: "1234567890",
          uuid: "4444AAAiAAAAAiAiAiiAii==",
          host_id: "x1yCzABCDEfg23HiJKl4mN",
          topic: "My Meeting",
          type: 8,
          start_time: "2021-07-13T21:44:51Z",
          timezone: "America/Los_Angeles",
          duration: 60,
        },
      },
    },
  },
};
