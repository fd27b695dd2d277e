import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { square } from "./receiver.js";
import { squareScheme } from "./scheme.js";

/**
 * A correctly signed Square webhook `Request`, as Square would send it — for your own tests. The
 * payload is the whole body (`{ merchant_id, type, event_id, created_at, data }`); the URL it goes to
 * (`url`, default `https://example.com/webhooks/square`) is the signed notification URL.
 *
 * @example
 * ```ts
 * import { squareTestRequest } from "@hookwire/square/testing";
 * const request = await squareTestRequest({
 *   secret: "signature-key",
 *   url: "https://shop.example.com/webhooks/square",
 *   payload: { merchant_id: "M1", type: "payment.created", event_id: crypto.randomUUID(), created_at: new Date().toISOString(), data: { type: "payment", id: "P1", object: { payment: { id: "P1" } } } },
 * });
 * ```
 */
export function squareTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(squareScheme, input, {
    url: "https://example.com/webhooks/square",
    headers: { "user-agent": "Square Connect v2" },
  });
}

/**
 * Square for the `hookwire` CLI and other tools: sign, send and listen with a subscription's
 * signature key (the URL sent to is the signed notification URL).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/square/testing";
 * const request = await descriptor.sign({ secret: "signature-key", payload: { type: "payment.created", event_id: "e1", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "square",
  packageName: "@hookwire/square",
  sign: squareTestRequest,
  receiver: (secret) => square({ secret }),
  secretIs: "the subscription's signature key",
  example: {
    payload: {
      merchant_id: "6SSW7HV8K2ST5",
      type: "payment.created",
      event_id: "13b867cf-db3d-4b1c-90b6-2f32a9d78124",
      created_at: "2020-02-06T21:27:30.792Z",
      data: {
        type: "payment",
        id: "KkAkhdMsgzn59SM8A89WgKwekxLZY",
        object: {
          payment: {
            id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
            created_at: "2020-11-22T21:16:51.086Z",
            updated_at: "2020-11-22T21:16:51.198Z",
            amount_money: { amount: 100, currency: "USD" },
            status: "APPROVED",
            delay_duration: "PT168H",
            source_type: "CARD",
            card_details: {
              status: "AUTHORIZED",
              card: {
                card_brand: "MASTERCARD",
                last_4: "9029",
                exp_month: 2,
                exp_year: 2022,
                fingerprint: "sq-1-Tvruf3vPQxlvI6n0IcKYfBukrcv6IqWr8UyBdViWXU2yzGn5VMJvrsHMKpINMhPmVg",
                card_type: "CREDIT",
                prepaid_type: "NOT_PREPAID",
                bin: "540988",
              },
              entry_method: "KEYED",
              cvv_status: "CVV_ACCEPTED",
              avs_status: "AVS_ACCEPTED",
              statement_description: "SQ *DEFAULT TEST ACCOUNT",
              card_payment_timeline: { authorized_at: "2020-11-22T21:16:51.198Z" },
            },
            location_id: "S8GWD5R9QB376",
            order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
            risk_evaluation: { created_at: "2020-11-22T21:16:51.198Z", risk_level: "NORMAL" },
            total_money: { amount: 100, currency: "USD" },
            approved_money: { amount: 100, currency: "USD" },
            capabilities: ["EDIT_TIP_AMOUNT", "EDIT_TIP_AMOUNT_UP", "EDIT_TIP_AMOUNT_DOWN"],
            receipt_number: "hYy9",
            delay_action: "CANCEL",
            delayed_until: "2020-11-29T21:16:51.086Z",
            version_token: "FfQhQJf9r3VSQIgyWBk1oqhIwiznLwVwJbVVA0bdyEv6o",
          },
        },
      },
    },
  },
};
