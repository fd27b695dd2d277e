import {
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  testRequest,
  utf8,
  utf8Decode,
} from "@hookwire/core";
import { adyen } from "./receiver.js";
import { adyenScheme, notificationItemsOf, signAdyenItems } from "./scheme.js";

export { signAdyenItems } from "./scheme.js";

/**
 * A correctly signed Adyen webhook `Request`, as Adyen would send it — for your own tests. `secret`
 * is the hex HMAC key. A classic notification payload (`{ live, notificationItems }`) gets each
 * item's `additionalData.hmacSignature`; any other payload (Management API and platform webhooks)
 * is signed in the `HmacSignature` header.
 *
 * @example
 * ```ts
 * import { adyenTestRequest } from "@hookwire/adyen/testing";
 * const request = await adyenTestRequest({
 *   secret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
 *   payload: { live: "false", notificationItems: [{ NotificationRequestItem: { eventCode: "AUTHORISATION", success: "true", pspReference: "7914073381342284", merchantAccountCode: "Shop", merchantReference: "order-1", amount: { value: 1130, currency: "EUR" }, eventDate: new Date().toISOString() } }] },
 * });
 * ```
 */
export async function adyenTestRequest(input: TestRequestInput): Promise<Request> {
  const raw = testBody(input.payload);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(raw));
  } catch {
    parsed = undefined;
  }
  let items: unknown[] | undefined;
  try {
    items = notificationItemsOf(parsed);
  } catch {
    items = undefined; // a malformed item: sent unsigned, as given
  }
  const shape = {
    url: "https://example.com/webhooks/adyen",
    headers: { "user-agent": "Adyen HttpClient 1.0" },
  };
  if (items === undefined) return testRequest(adyenScheme, input, { ...shape, body: raw });
  const body = utf8(JSON.stringify(await signAdyenItems(parsed, input.secret)));
  return testRequest({ verify: adyenScheme.verify, sign: async () => ({ headers: {} }) }, input, {
    ...shape,
    body,
  });
}

/**
 * Adyen for the `hookwire` CLI and other tools: sign, send and listen with a webhook's hex HMAC key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/adyen/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: { live: "false", notificationItems: [] } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "adyen",
  packageName: "@hookwire/adyen",
  sign: adyenTestRequest,
  receiver: (secret) => adyen({ secret }),
  secretIs: "the webhook's HMAC key (hex)",
  exampleSecret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
  example: {
    payload: {
      live: "false",
      notificationItems: [
        {
          NotificationRequestItem: {
            additionalData: { authCode: "58747", cardSummary: "1111", expiryDate: "8/2028" },
            amount: { currency: "EUR", value: 1000 },
            eventCode: "AUTHORISATION",
            eventDate: "2022-12-01T01:00:00+01:00",
            merchantAccountCode: "YOUR_MERCHANT_ACCOUNT",
            merchantReference: "YOUR_MERCHANT_REFERENCE",
            paymentMethod: "visa",
            pspReference: "YOUR_PSP_REFERENCE",
            operations: ["CANCEL", "CAPTURE", "REFUND"],
            success: "true",
          },
        },
      ],
    },
  },
};
