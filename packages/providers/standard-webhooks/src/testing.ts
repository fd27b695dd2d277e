import { type ProviderDescriptor, type TestRequestInput, testBody, testId } from "@hookwire/core";
import { standardWebhooks } from "./receiver.js";
import { standardWebhooksScheme } from "./scheme.js";
import { signStandardWebhook } from "./sign.js";

/**
 * A correctly signed Standard Webhooks `Request` — for your own tests. `secret` is a `whsec_…`
 * secret, signed through {@link standardWebhooksScheme} (or, with `signingKey: true`, a `whsk_…` key
 * for v1a); `svixHeaders: true` sends Svix's `svix-*` header names. An object payload without `type`
 * gets `input.event`.
 *
 * @example
 * ```ts
 * import { standardWebhooksTestRequest } from "@hookwire/standard-webhooks/testing";
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
  const signature = input.signingKey
    ? await signStandardWebhook({ id, timestamp, body, signingKeys: [input.secret] })
    : (await standardWebhooksScheme.sign({ body, secret: input.secret, id, timestamp })).headers[
        "webhook-signature"
      ]!;
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

/**
 * Standard Webhooks for the `hookwire` CLI and other tools: sign, send and listen with a `whsec_…`
 * secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/standard-webhooks/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, event: "user.created", payload: { data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "standard-webhooks",
  packageName: "@hookwire/standard-webhooks",
  sign: standardWebhooksTestRequest,
  receiver: (secret) => standardWebhooks({ secret }),
  // the example secret of the Standard Webhooks specification
  exampleSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  example: {
    payload: {
      type: "contact.created",
      timestamp: "2022-11-03T20:26:10.344522Z",
      data: { id: "1f81eb52-5198-4599-803e-771906343485", type: "contact" },
    },
  },
};
