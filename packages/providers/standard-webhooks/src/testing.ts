import { type TestRequestInput, testBody, testId } from "@hookwire/core";
import { signStandardWebhook } from "./sign.js";

/**
 * A correctly signed Standard Webhooks `Request` — for your own tests. `secret` is a `whsec_…`
 * secret (or, with `signingKey: true`, a `whsk_…` key for v1a). An object payload without `type`
 * gets `input.event`.
 *
 * @example
 * ```ts
 * const request = await standardWebhooksTestRequest({ secret, event: "invoice.paid", payload: { data: { id: "in_1" } } });
 * ```
 */
export async function standardWebhooksTestRequest(
  input: TestRequestInput & { signingKey?: boolean; svixHeaders?: boolean },
): Promise<Request> {
  let payload = input.payload;
  if (typeof payload === "object" && payload !== null && !(payload instanceof Uint8Array)) {
    payload = {
      type: input.event ?? "test.event",
      timestamp: new Date().toISOString(),
      ...(payload as object),
    };
  }
  const body = testBody(payload);
  const id = input.id ?? testId("msg");
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = await signStandardWebhook({
    id,
    timestamp,
    body,
    ...(input.signingKey ? { signingKeys: [input.secret] } : { secrets: [input.secret] }),
  });
  const prefix = input.svixHeaders ? "svix" : "webhook";
  return new Request(input.url ?? "https://example.com/webhooks/standard-webhooks", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      [`${prefix}-id`]: id,
      [`${prefix}-timestamp`]: String(timestamp),
      [`${prefix}-signature`]: signature,
      ...input.headers,
    },
  });
}
