import { concatBytes, hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `Stripe-Signature` header value Stripe sends for a body: `t=<timestamp>,v1=<hex>`.
 *
 * @example
 * ```ts
 * const header = await stripeSignature({ payload: JSON.stringify(event), secret: "whsec_test" });
 * ```
 */
export async function stripeSignature(input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): Promise<string> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const signed = concatBytes(`${timestamp}.`, input.payload);
  return `t=${timestamp},v1=${await hmacString("SHA-256", input.secret, signed, "hex")}`;
}

/**
 * A correctly signed Stripe webhook `Request` — for your own tests. An object payload is sent as JSON;
 * without `id`/`type` in the payload, `input.id` and `input.event` fill them in.
 *
 * @example
 * ```ts
 * const request = await stripeTestRequest({ secret: "whsec_test", event: "invoice.paid", payload: { data: { object: { id: "in_1" } } } });
 * const response = await hooks.handle(request);
 * ```
 */
export async function stripeTestRequest(input: TestRequestInput): Promise<Request> {
  let payload = input.payload;
  if (typeof payload === "object" && payload !== null && !(payload instanceof Uint8Array)) {
    payload = {
      id: input.id ?? `evt_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
      object: "event",
      type: input.event ?? "ping",
      ...(payload as Record<string, unknown>),
    };
  }
  const body = testBody(payload);
  return new Request(input.url ?? "https://example.com/webhooks/stripe", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": await stripeSignature({
        payload: body,
        secret: input.secret,
        timestamp: input.timestamp,
      }),
      ...input.headers,
    },
  });
}
