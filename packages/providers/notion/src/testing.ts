import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { notion } from "./receiver.js";
import { notionScheme } from "./scheme.js";

/**
 * The `X-Notion-Signature` value Notion sends for a body.
 *
 * @example
 * ```ts
 * await notionSignature('{"type":"page.created"}', "secret_token"); // "sha256=…"
 * ```
 */
export function notionSignature(body: string | Uint8Array, token: string): Promise<string> {
  return signatureHeader(notionScheme, "X-Notion-Signature", body, token);
}

/**
 * A correctly signed Notion event `Request`, as Notion would send it — for your own tests. An object
 * payload without `type`, `id` or `timestamp` gets them from `event` (default `page.created`), `id`
 * and `timestamp`; a string or bytes payload is sent as it is. `secret` is the verification token.
 *
 * @example
 * ```ts
 * import { notionTestRequest } from "@hookwire/notion/testing";
 * const request = await notionTestRequest({ secret: "secret_token", event: "page.created", payload: { entity: { id: "p1", type: "page" } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function notionTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(notionScheme, input, {
    url: "https://example.com/webhooks/notion",
    fields: {
      id: input.id ?? crypto.randomUUID(),
      timestamp: new Date((input.timestamp ?? Date.now() / 1000) * 1000).toISOString(),
      type: input.event ?? "page.created",
    },
  });
}

/**
 * The unsigned request Notion sends once when a subscription is created, carrying its
 * `verification_token`.
 *
 * @example
 * ```ts
 * const response = await hooks.handle(notionVerificationRequest("secret_token"));
 * ```
 */
export function notionVerificationRequest(
  token: string,
  url = "https://example.com/webhooks/notion",
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ verification_token: token }),
  });
}

/**
 * Notion for the `hookwire` CLI and other tools: sign, send and listen with a verification token.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/notion/testing";
 * const request = await descriptor.sign({ secret: "secret_token", event: "page.created", payload: { entity: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "notion",
  packageName: "@hookwire/notion",
  sign: notionTestRequest,
  receiver: (secret) => notion({ secret }),
  eventOption: "the body's type when the payload has none (page.created…)",
  secretIs: "the subscription's verification_token",
  example: {
    payload: {
      id: "367cba44-b6f3-4c92-81e7-6a2e9659efd4",
      timestamp: "2024-12-05T23:55:34.285Z",
      workspace_id: "13950b26-c203-4f3b-b97d-93ec06319565",
      workspace_name: "Quantify Labs",
      subscription_id: "29d75c0d-5546-4414-8459-7b7a92f1fc4b",
      integration_id: "0ef2e755-4912-8096-91c1-00376a88a5ca",
      type: "page.created",
      authors: [{ id: "c7c11cca-1d73-471d-9b6e-bdef51470190", type: "person" }],
      accessible_by: [
        { id: "556a1abf-4f08-40c6-878a-75890d2a88ba", type: "person" },
        { id: "1edc05f6-2702-81b5-8408-00279347f034", type: "bot" },
      ],
      attempt_number: 1,
      entity: { id: "153104cd-477e-809d-8dc4-ff2d96ae3090", type: "page" },
      data: { parent: { id: "13950b26-c203-4f3b-b97d-93ec06319565", type: "space" } },
    },
    event: "page.created",
  },
};
