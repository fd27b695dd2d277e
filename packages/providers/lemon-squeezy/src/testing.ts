import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { lemonSqueezy } from "./receiver.js";
import { lemonSqueezyScheme } from "./scheme.js";

/**
 * The `X-Signature` value Lemon Squeezy sends for a body.
 *
 * @example
 * ```ts
 * await lemonSqueezySignature('{"meta":{"event_name":"order_created"}}', "s3cret"); // 64 hex digits
 * ```
 */
export function lemonSqueezySignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(lemonSqueezyScheme, "X-Signature", body, secret);
}

/**
 * A correctly signed Lemon Squeezy webhook `Request`, as Lemon Squeezy would send it — for your own
 * tests. `event` is the `X-Event-Name` header (default: the payload's `meta.event_name`, else
 * `order_created`); the payload is sent as it is, so give it the `meta.event_name` the receiver
 * reads.
 *
 * @example
 * ```ts
 * import { lemonSqueezyTestRequest } from "@hookwire/lemon-squeezy/testing";
 * const request = await lemonSqueezyTestRequest({
 *   secret: "s3cret",
 *   payload: { meta: { event_name: "order_created" }, data: { type: "orders", id: "1", attributes: {} } },
 * });
 * const response = await hooks.handle(request);
 * ```
 */
export function lemonSqueezyTestRequest(input: TestRequestInput): Promise<Request> {
  const meta = (input.payload as { meta?: { event_name?: unknown } } | null)?.meta;
  const name = input.event ?? (typeof meta?.event_name === "string" ? meta.event_name : "order_created");
  return testRequest(lemonSqueezyScheme, input, {
    url: "https://example.com/webhooks/lemon-squeezy",
    headers: { "x-event-name": name },
  });
}

/**
 * Lemon Squeezy for the `hookwire` CLI and other tools: sign, send and listen with a signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/lemon-squeezy/testing";
 * const request = await descriptor.sign({ secret: "s3cret", event: "order_created", payload: { meta: { event_name: "order_created" }, data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "lemon-squeezy",
  packageName: "@hookwire/lemon-squeezy",
  sign: lemonSqueezyTestRequest,
  receiver: (secret) => lemonSqueezy({ secret }),
  eventOption: "X-Event-Name, used when the body has no meta.event_name (order_created…)",
  example: {
    payload: {
      meta: { event_name: "order_created", custom_data: { customer_id: 25 } },
      data: {
        type: "orders",
        id: "1",
        attributes: {
          store_id: 1,
          customer_id: 1,
          identifier: "104e18a2-d755-4d4b-80c4-a6c1dcbe1c10",
          order_number: 1,
          user_name: "Darlene Daugherty",
          user_email: "gernser@yahoo.com",
          currency: "USD",
          currency_rate: "1.0000",
          subtotal: 999,
          discount_total: 0,
          tax: 200,
          total: 1199,
          subtotal_usd: 999,
          discount_total_usd: 0,
          tax_usd: 200,
          total_usd: 1199,
          tax_name: "VAT",
          tax_rate: "20.00",
          status: "paid",
          status_formatted: "Paid",
          refunded: false,
          refunded_at: null,
          subtotal_formatted: "$9.99",
          discount_total_formatted: "$0.00",
          tax_formatted: "$2.00",
          total_formatted: "$11.99",
          first_order_item: {
            id: 1,
            order_id: 1,
            product_id: 1,
            variant_id: 1,
            product_name: "Test Limited License for 2 years",
            variant_name: "Default",
            price: 1199,
            created_at: "2021-08-17T09:45:53.000000Z",
            updated_at: "2021-08-17T09:45:53.000000Z",
            deleted_at: null,
            test_mode: false,
          },
          urls: {
            receipt:
              "https://app.lemonsqueezy.com/my-orders/104e18a2-d755-4d4b-80c4-a6c1dcbe1c10?signature=8847fff02e1bfb0c7c43ff1cdf1b1657a8eed2029413692663b86859208c9f42",
          },
          created_at: "2021-08-17T09:45:53.000000Z",
          updated_at: "2021-08-17T09:45:53.000000Z",
          test_mode: false,
        },
        relationships: {
          store: {
            links: {
              related: "https://api.lemonsqueezy.com/v1/orders/1/store",
              self: "https://api.lemonsqueezy.com/v1/orders/1/relationships/store",
            },
          },
          customer: {
            links: {
              related: "https://api.lemonsqueezy.com/v1/orders/1/customer",
              self: "https://api.lemonsqueezy.com/v1/orders/1/relationships/customer",
            },
          },
        },
        links: { self: "https://api.lemonsqueezy.com/v1/orders/1" },
      },
    },
    event: "order_created",
  },
};
