import {
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { ShopifyEvents } from "./events.js";
import { shopifyScheme } from "./scheme.js";

const PACKAGE = "@hookwire/shopify";

/** Options of {@link shopify}. */
export interface ShopifyOptions {
  /**
   * The app's client secret (API secret key). After you rotate it Shopify can keep signing with
   * the old one for up to an hour: list both (`[newSecret, oldSecret]`) until then. A function
   * looks the secret up per request (several apps on one endpoint).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Shopify receiver type. */
export type ShopifyReceiver = Receiver<ShopifyEvents, "shopify">;

/** What `event.meta` carries for a Shopify delivery (from its headers). */
export interface ShopifyMeta {
  /** `webhooks` (`X-Shopify-*` headers) or `events` (Shopify "Events", lower-case `shopify-*` headers). */
  delivery: "webhooks" | "events";
  /** The shop, `example.myshopify.com`. */
  shopDomain: string | undefined;
  /** The API version of the payload, `2025-10`. */
  apiVersion: string | undefined;
  /** The event the delivery is for: shared by the deliveries of one event to several subscriptions. */
  eventId: string | undefined;
  /** When Shopify triggered the event (ISO 8601). */
  triggeredAt: string | undefined;
  /** The sub-topic of topics that have one (`X-Shopify-Sub-Topic`). */
  subTopic: string | undefined;
  /** The subscription's name (`X-Shopify-Name`). */
  name: string | undefined;
  /** Events deliveries: the handle, action and resource id headers. */
  handle: string | undefined;
  action: string | undefined;
  resourceId: string | undefined;
}

/**
 * A receiver for Shopify webhooks (app subscriptions over HTTPS).
 *
 * Verifies `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body under the app's client
 * secret) — or `shopify-hmac-sha256` on Shopify "Events" deliveries — against every configured
 * secret. The event type is the topic exactly as Shopify names it (`orders/create`,
 * `app/uninstalled`); the event id is `X-Shopify-Webhook-Id`, which Shopify keeps across the retries
 * of one delivery, so an idempotency store drops duplicates. Shopify waits 5 s for the answer
 * (`deadlineMs`); any 2xx is success.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { shopify } from "@hookwire/shopify";
 *
 * const hooks = createWebhooks({ receivers: { shopify: shopify({ secret: process.env.SHOPIFY_API_SECRET! }) } });
 * hooks.on("shopify", "orders/create", async (event) => {
 *   console.log(`${event.meta.shopDomain}: order ${event.payload.name} for ${event.payload.total_price}`);
 * });
 * ```
 */
export function shopify(options: ShopifyOptions): ShopifyReceiver {
  return defineSignedReceiver<ShopifyEvents, "shopify">({
    provider: "shopify",
    packageName: PACKAGE,
    deadlineMs: 5_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: shopifyScheme,
    parse,
  });
}

/** After the signature check: the topic, the payload and the ids. */
function parse(request: WebhookRequest): VerifiedParts {
  const events = request.headers.get("shopify-hmac-sha256") !== null;
  const prefix = events ? "shopify-" : "x-shopify-";
  const header = (name: string): string | undefined => {
    const value = request.headers.get(`${prefix}${name}`);
    return value === null || value.trim() === "" ? undefined : value.trim();
  };
  const topic = header("topic");
  if (topic === undefined) {
    throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The ${prefix}topic header is missing.`);
  }
  const meta: ShopifyMeta = {
    delivery: events ? "events" : "webhooks",
    shopDomain: header("shop-domain"),
    apiVersion: header("api-version"),
    eventId: header("event-id"),
    triggeredAt: header("triggered-at"),
    subTopic: header("sub-topic"),
    name: header("name"),
    handle: header("handle"),
    action: header("action"),
    resourceId: header("resource-id"),
  };
  return {
    type: topic,
    id: header("webhook-id"),
    payload: parseJsonObject(request.body, PACKAGE),
    meta: { ...meta },
  };
}
