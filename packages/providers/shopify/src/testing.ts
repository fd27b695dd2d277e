import {
  type ProviderDescriptor,
  signatureHeader,
  type TestRequestInput,
  testBody,
  testRequest,
} from "@hookwire/core";
import { shopify } from "./receiver.js";
import { shopifyEventsScheme, shopifyWebhookScheme } from "./scheme.js";

/**
 * The `X-Shopify-Hmac-Sha256` value Shopify sends for a body.
 *
 * @example
 * ```ts
 * await shopifySignature('{"id":1}', "shpss_secret"); // base64 HMAC-SHA256
 * ```
 */
export function shopifySignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(shopifyWebhookScheme, "X-Shopify-Hmac-Sha256", body, secret);
}

/** What {@link shopifyTestRequest} takes: the shared input plus Shopify's own headers. */
export interface ShopifyTestRequestInput extends TestRequestInput {
  /** `webhooks` (default: `X-Shopify-*` headers) or `events` (lower-case `shopify-*` headers). */
  delivery?: "webhooks" | "events";
  /** The shop (default `hookwire-test.myshopify.com`). */
  shopDomain?: string;
  /** The API version (default `2025-10`). */
  apiVersion?: string;
}

/**
 * A correctly signed Shopify webhook `Request`, as Shopify would send it — for your own tests.
 * `event` is the topic (default `app/uninstalled`), `id` the webhook id (default random).
 *
 * @example
 * ```ts
 * import { shopifyTestRequest } from "@hookwire/shopify/testing";
 * const request = await shopifyTestRequest({ secret: "shpss_secret", event: "orders/create", payload: { id: 1, name: "#1001" } });
 * const response = await hooks.handle(request);
 * ```
 */
export function shopifyTestRequest(input: ShopifyTestRequestInput): Promise<Request> {
  const events = input.delivery === "events";
  const prefix = events ? "shopify-" : "X-Shopify-";
  const eventId = crypto.randomUUID();
  return testRequest(events ? shopifyEventsScheme : shopifyWebhookScheme, input, {
    url: "https://example.com/webhooks/shopify",
    body: testBody(input.payload),
    headers: {
      "user-agent": "Shopify-Captain-Hook",
      [`${prefix}Topic`]: input.event ?? "app/uninstalled",
      [`${prefix}Shop-Domain`]: input.shopDomain ?? "hookwire-test.myshopify.com",
      [`${prefix}API-Version`]: input.apiVersion ?? "2025-10",
      [`${prefix}Webhook-Id`]: input.id ?? crypto.randomUUID(),
      [`${prefix}Event-Id`]: eventId,
      [`${prefix}Triggered-At`]: new Date((input.timestamp ?? Date.now() / 1000) * 1000).toISOString(),
    },
  });
}

/**
 * Shopify for the `hookwire` CLI and other tools: sign, send and listen with the app's client secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/shopify/testing";
 * const request = await descriptor.sign({ secret: "shpss_secret", event: "orders/create", payload: { id: 1 } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "shopify",
  packageName: "@hookwire/shopify",
  sign: shopifyTestRequest,
  receiver: (secret) => shopify({ secret }),
  eventOption: "X-Shopify-Topic (orders/create, app/uninstalled…)",
  secretIs: "the app's client secret (API secret key)",
  example: {
    payload: {
      shop_id: 954889,
      shop_domain: "{shop}.myshopify.com",
      customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
      orders_to_redact: [299938, 280263, 220458],
    },
    event: "customers/redact",
  },
};
