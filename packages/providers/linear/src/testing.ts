import {
  isPayloadObject,
  type ProviderDescriptor,
  signatureHeader,
  type TestRequestInput,
  testBody,
  testRequest,
} from "@hookwire/core";
import { linear } from "./receiver.js";
import { linearScheme } from "./scheme.js";

/**
 * The `Linear-Signature` value Linear sends for a body.
 *
 * @example
 * ```ts
 * await linearSignature('{"type":"Issue","webhookTimestamp":1700000000000}', "lin_wh_secret"); // 64 hex digits
 * ```
 */
export function linearSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(linearScheme, "Linear-Signature", body, secret);
}

/**
 * A correctly signed Linear webhook `Request`, as Linear would send it — for your own tests. An
 * object payload gets `webhookTimestamp` (from `timestamp`, in seconds, default now — it replaces
 * the payload's own) and `type` from `event` when it has none; a string or bytes payload is sent as
 * it is.
 *
 * @example
 * ```ts
 * import { linearTestRequest } from "@hookwire/linear/testing";
 * const request = await linearTestRequest({ secret: "lin_wh_secret", payload: { type: "Issue", action: "create", data: { id: "1" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function linearTestRequest(input: TestRequestInput): Promise<Request> {
  let payload = input.payload;
  if (isPayloadObject(payload)) {
    payload = {
      ...(input.event === undefined ? {} : { type: input.event }),
      ...payload,
      webhookTimestamp: Math.round((input.timestamp ?? Date.now() / 1000) * 1000),
    };
  }
  const type = isPayloadObject(payload) && typeof payload.type === "string" ? payload.type : input.event;
  return testRequest(linearScheme, input, {
    url: "https://example.com/webhooks/linear",
    body: testBody(payload),
    headers: {
      "user-agent": "Linear-Webhook",
      "linear-delivery": input.id ?? crypto.randomUUID(),
      ...(type === undefined ? {} : { "linear-event": type }),
    },
  });
}

/**
 * Linear for the `hookwire` CLI and other tools: sign, send and listen with a webhook signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/linear/testing";
 * const request = await descriptor.sign({ secret: "lin_wh_secret", event: "Issue", payload: { action: "create", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "linear",
  packageName: "@hookwire/linear",
  sign: linearTestRequest,
  receiver: (secret) => linear({ secret }),
  eventOption: "the body's type when the payload has none (Issue, Comment…)",
  // the signer stamps a fresh `webhookTimestamp` (the receiver refuses one older than 60 s)
  timestampInBody: true,
  example: {
    payload: {
      action: "create",
      actor: {
        id: "2e6eea91-1111-0000-9486-acea0603064c",
        type: "user",
        name: "Linear Developer",
        email: "developer@linear.app",
        url: "https://linear.app/linear/profiles/developer",
      },
      createdAt: "2020-01-23T12:53:18.084Z",
      data: {
        id: "2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9",
        createdAt: "2020-01-23T12:53:18.084Z",
        updatedAt: "2020-01-23T12:53:18.084Z",
        archivedAt: null,
        number: 2,
        identifier: "ENG-2",
        title: "Update Readme",
        description: "Readme needs to have a new section",
        priority: 0,
        priorityLabel: "No priority",
        boardOrder: 0,
        sortOrder: 0,
        teamId: "72b2a2dc-6f4f-4423-9d34-24b5bd10634a",
        stateId: "f2a03c0a-a6a1-4e3d-a18b-b1b1a3aaea52",
        creatorId: "2e6eea91-1111-0000-9486-acea0603064c",
        labelIds: [],
        subscriberIds: ["2e6eea91-1111-0000-9486-acea0603064c"],
        url: "https://linear.app/linear/issue/ENG-2/update-readme",
        state: {
          id: "f2a03c0a-a6a1-4e3d-a18b-b1b1a3aaea52",
          color: "#e2e2e2",
          name: "Todo",
          type: "unstarted",
        },
        team: { id: "72b2a2dc-6f4f-4423-9d34-24b5bd10634a", key: "ENG", name: "Engineering" },
        labels: [],
      },
      url: "https://linear.app/linear/issue/ENG-2/update-readme",
      type: "Issue",
      organizationId: "78e2b4d3-2b6e-4f52-a7f7-7d1f0c6b4b1e",
      webhookId: "000042e3-d123-4980-b49f-8e140eef9329",
    },
    event: "Issue",
  },
};
