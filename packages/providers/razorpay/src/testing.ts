import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { razorpay } from "./receiver.js";
import { razorpayScheme } from "./scheme.js";

/**
 * The `X-Razorpay-Signature` value Razorpay sends for a body.
 *
 * @example
 * ```ts
 * await razorpaySignature('{"event":"payment.captured"}', "s3cret"); // 64 hex digits
 * ```
 */
export function razorpaySignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(razorpayScheme, "X-Razorpay-Signature", body, secret);
}

/**
 * A correctly signed Razorpay webhook `Request`, as Razorpay would send it — for your own tests. An
 * object payload without `event` gets it from `event`; `id` is the `X-Razorpay-Event-Id` (default
 * random).
 *
 * @example
 * ```ts
 * import { razorpayTestRequest } from "@hookwire/razorpay/testing";
 * const request = await razorpayTestRequest({
 *   secret: "s3cret",
 *   event: "payment.captured",
 *   payload: { entity: "event", contains: ["payment"], payload: { payment: { entity: { id: "pay_1" } } } },
 * });
 * const response = await hooks.handle(request);
 * ```
 */
export function razorpayTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(razorpayScheme, input, {
    url: "https://example.com/webhooks/razorpay",
    fields: input.event === undefined ? {} : { event: input.event },
    headers: {
      "x-razorpay-event-id": input.id ?? `Hw${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`,
    },
  });
}

/**
 * Razorpay for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/razorpay/testing";
 * const request = await descriptor.sign({ secret: "s3cret", event: "payment.captured", payload: { payload: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "razorpay",
  packageName: "@hookwire/razorpay",
  sign: razorpayTestRequest,
  receiver: (secret) => razorpay({ secret }),
  eventOption: "the body's event when the payload has none (payment.captured…)",
  example: {
    payload: {
      entity: "event",
      account_id: "acc_BFQ7uQEaa7j2z7",
      event: "payment.captured",
      contains: ["payment"],
      payload: {
        payment: {
          entity: {
            id: "pay_DESlfW9H8K9uqM",
            entity: "payment",
            amount: 100,
            currency: "INR",
            base_amount: 100,
            status: "captured",
            order_id: "order_DESlLckIVRkHWj",
            invoice_id: null,
            international: false,
            method: "netbanking",
            amount_refunded: 0,
            amount_transferred: 0,
            refund_status: null,
            captured: true,
            description: null,
            card_id: null,
            bank: "HDFC",
            wallet: null,
            vpa: null,
            email: "gaurav.kumar@example.com",
            contact: "+919876543210",
            notes: [],
            fee: 2,
            tax: 0,
            error_code: null,
            error_description: null,
            error_source: null,
            error_step: null,
            error_reason: null,
            acquirer_data: { bank_transaction_id: "0125836177" },
            created_at: 1567674599,
          },
        },
      },
      created_at: 1567674606,
    },
    event: "payment.captured",
  },
};
