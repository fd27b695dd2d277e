import {
  assertMediaType,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { SquareEvents } from "./events.js";
import { type NotificationUrl, squareSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/square";

/** Options of {@link square}. */
export interface SquareOptions {
  /**
   * The subscription's signature key (Developer Console → your app → Webhooks → Subscriptions →
   * the subscription → Signature key). A list accepts any of them; a function looks it up per request.
   */
  secret: SecretInput;
  /**
   * The notification URL exactly as registered on the subscription: Square signs it with the body.
   * Default: the URL the request arrived at, which differs behind a proxy or a tunnel — set it
   * there (or give a function of the request, e.g. per tenant).
   *
   * @example
   * ```ts
   * square({ secret, notificationUrl: "https://shop.example.com/webhooks/square" });
   * ```
   */
  notificationUrl?: NotificationUrl;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Square receiver type. */
export type SquareReceiver = Receiver<SquareEvents, "square">;

/**
 * A receiver for Square webhooks.
 *
 * Verifies `x-square-hmacsha256-signature` (base64 HMAC-SHA256 of the notification URL followed by
 * the raw body) against every configured signature key. Events are named by the body's `type`
 * (`payment.created`); `event.id` is `event_id`, the same on each retry. Square waits 10 s for a
 * 2xx (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { square } from "@hookwire/square";
 *
 * const hooks = createWebhooks({
 *   receivers: {
 *     square: square({
 *       secret: process.env.SQUARE_SIGNATURE_KEY!,
 *       notificationUrl: "https://shop.example.com/webhooks/square",
 *     }),
 *   },
 * });
 * hooks.on("square", "payment.updated", async (event) => {
 *   console.log(event.payload.data.object.payment.status);
 * });
 * ```
 */
export function square(options: SquareOptions): SquareReceiver {
  const url = options?.notificationUrl;
  if (
    url !== undefined &&
    typeof url !== "function" &&
    (typeof url !== "string" || !/^https?:\/\//.test(url))
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] notificationUrl must be the absolute URL registered on the Square subscription.`,
    );
  }
  return defineSignedReceiver<SquareEvents, "square">({
    provider: "square",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: squareSchemeWith(url),
    mismatch: `[${PACKAGE}] The signature does not match the body and notification URL${url === undefined ? " (the request URL was used: set notificationUrl to the URL registered with Square)" : ""}.`,
    parse,
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json", ""], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const type = payload.type;
  if (typeof type !== "string" || type === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "type" field.`);
  }
  const id = payload.event_id;
  const merchant = payload.merchant_id;
  return {
    type,
    id: typeof id === "string" && id !== "" ? id : undefined,
    payload,
    meta: { merchantId: typeof merchant === "string" ? merchant : undefined },
  };
}
