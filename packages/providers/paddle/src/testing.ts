import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { paddle } from "./receiver.js";
import { paddleScheme } from "./scheme.js";

/**
 * A correctly signed Paddle Billing notification `Request`, as Paddle would send it — for your own
 * tests. The payload is the whole body (`{ event_id, event_type, occurred_at, notification_id, data }`);
 * it is signed with `secret` at `timestamp` (default now).
 *
 * @example
 * ```ts
 * import { paddleTestRequest } from "@hookwire/paddle/testing";
 * const request = await paddleTestRequest({
 *   secret: "pdl_ntfset_test",
 *   payload: { event_id: "evt_01", event_type: "subscription.created", occurred_at: new Date().toISOString(), notification_id: "ntf_01", data: { id: "sub_01" } },
 * });
 * ```
 */
export function paddleTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(paddleScheme, input, {
    url: "https://example.com/webhooks/paddle",
    headers: { "user-agent": "Paddle" },
  });
}

/**
 * Paddle Billing for the `hookwire` CLI and other tools: sign, send and listen with a notification
 * destination's secret key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/paddle/testing";
 * const request = await descriptor.sign({ secret: "pdl_ntfset_test", payload: { event_type: "transaction.completed", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "paddle",
  packageName: "@hookwire/paddle",
  sign: paddleTestRequest,
  receiver: (secret) => paddle({ secret }),
  secretIs: "the notification destination's secret key (pdl_ntfset_…)",
  example: {
    payload: {
      event_id: "evt_01h7ht60jy5hpdv5x8tfsaxje4",
      event_type: "subscription.created",
      occurred_at: "2023-08-11T08:07:38.334150Z",
      notification_id: "ntf_01h7ht60n4grsa2a5ddd54h1j0",
      data: {
        id: "sub_01h7ht5z5wdg9pz18jx1fagp8k",
        items: [
          {
            price: {
              id: "pri_01gsz8x8sawmvhz1pv30nge1ke",
              tax_mode: "account_setting",
              product_id: "pro_01gsz4t5hdjse780zja8vvr7jg",
              unit_price: { amount: "3240", currency_code: "USD" },
              description: "Monthly (per seat)",
              trial_period: null,
              billing_cycle: { interval: "month", frequency: 1 },
            },
            status: "active",
            quantity: 10,
            recurring: true,
            created_at: "2023-08-11T08:07:36.892823Z",
            updated_at: "2023-08-11T08:07:36.892823Z",
            trial_dates: null,
            next_billed_at: "2023-09-11T08:07:35.449123Z",
            previously_billed_at: "2023-08-11T08:07:35.449123Z",
          },
        ],
        status: "active",
        paused_at: null,
        address_id: "add_01h7hswbfjqez51ezfhk7s6400",
        created_at: "2023-08-11T08:07:36.892822Z",
        started_at: "2023-08-11T08:07:35.449123Z",
        updated_at: "2023-08-11T08:07:36.892822Z",
        business_id: "biz_01h7ht30avfmwa4kvkfeg4ef8e",
        canceled_at: null,
        discount: null,
        custom_data: null,
        customer_id: "ctm_01h7hswb86rtps5ggbq7ybydcw",
        billing_cycle: { interval: "month", frequency: 1 },
        currency_code: "USD",
        next_billed_at: "2023-09-11T08:07:35.449123Z",
        transaction_id: "txn_01h7hst69d7tar4rm6vyeb0j36",
        billing_details: null,
        collection_mode: "automatic",
        first_billed_at: "2023-08-11T08:07:35.449123Z",
        scheduled_change: null,
        current_billing_period: {
          ends_at: "2023-09-11T08:07:35.449123Z",
          starts_at: "2023-08-11T08:07:35.449123Z",
        },
      },
    },
  },
};
