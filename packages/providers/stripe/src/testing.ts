import { type ProviderDescriptor, type TestRequestInput, testBody, testRequest, utf8 } from "@hookwire/core";
import { stripe } from "./receiver.js";
import { stripeScheme } from "./scheme.js";

/**
 * The `Stripe-Signature` header value Stripe sends for a body: `t=<timestamp>,v1=<hex>`, from
 * {@link stripeScheme}.
 *
 * @example
 * ```ts
 * import { stripeSignature } from "@hookwire/stripe/testing";
 * const header = await stripeSignature({ payload: JSON.stringify(event), secret: "whsec_test" });
 * ```
 */
export async function stripeSignature(input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): Promise<string> {
  const { headers } = await stripeScheme.sign({
    body: typeof input.payload === "string" ? utf8(input.payload) : input.payload,
    secret: input.secret,
    ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
  });
  return headers["Stripe-Signature"]!;
}

/**
 * A correctly signed Stripe webhook `Request` — for your own tests. An object payload is sent as JSON;
 * without `id`/`type` in the payload, `input.id` and `input.event` fill them in.
 *
 * @example
 * ```ts
 * import { stripeTestRequest } from "@hookwire/stripe/testing";
 * const request = await stripeTestRequest({ secret: "whsec_test", event: "invoice.paid", payload: { data: { object: { id: "in_1" } } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function stripeTestRequest(input: TestRequestInput): Promise<Request> {
  let payload = input.payload;
  if (typeof payload === "object" && payload !== null && !(payload instanceof Uint8Array)) {
    payload = {
      id: input.id ?? `evt_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
      object: "event",
      type: input.event ?? "ping",
      ...(payload as Record<string, unknown>),
    };
  }
  return testRequest(stripeScheme, input, {
    url: "https://example.com/webhooks/stripe",
    body: testBody(payload),
    contentType: "application/json; charset=utf-8",
    headers: { "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
  });
}

/**
 * Stripe for the `hookwire` CLI and other tools: sign, send and listen with an endpoint's signing
 * secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/stripe/testing";
 * const request = await descriptor.sign({ secret: "whsec_test", event: "invoice.paid", payload: { data: { object: {} } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "stripe",
  packageName: "@hookwire/stripe",
  sign: stripeTestRequest,
  receiver: (secret) => stripe({ secret }),
  example: {
    payload: {
      id: "evt_1NG8Du2eZvKYlo2CUI79vXWy",
      object: "event",
      api_version: "2019-02-19",
      created: 1686089970,
      data: {
        object: {
          id: "in_1NG8Dt2eZvKYlo2C1xUhZ3vr",
          object: "invoice",
          amount_due: 4200,
          amount_paid: 4200,
          currency: "eur",
          customer: "cus_9s6XKzkNRiz8i3",
          status: "paid",
          description: "Zahlung für Öl — ünïcödé\r\n",
        },
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "invoice.paid",
    },
  },
};
