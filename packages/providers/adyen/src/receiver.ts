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
import type { AdyenEvents, AdyenNotificationRequestItem } from "./events.js";
import { adyenKey, adyenScheme, notificationItemsOf } from "./scheme.js";

const PACKAGE = "@hookwire/adyen";

/** Options of {@link adyen}. */
export interface AdyenOptions {
  /**
   * The webhook's HMAC key, hex, as Customer Area shows it (Developers → Webhooks → your webhook →
   * Security → HMAC key). A list accepts any of them (while a new key is being rolled out); a
   * function looks it up per request (per merchant account).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Adyen receiver type. */
export type AdyenReceiver = Receiver<AdyenEvents, "adyen">;

const ACCEPTED = "[accepted]";

/** The idempotency key of one item: Adyen's own advice is to dedupe on pspReference + eventCode. */
const itemKey = (item: AdyenNotificationRequestItem) =>
  `${item.eventCode}:${item.pspReference}:${item.success}`;

/**
 * A receiver for Adyen webhooks.
 *
 * Classic (payments) notifications: every `NotificationRequestItem` must carry an
 * `additionalData.hmacSignature` that is the base64 HMAC-SHA256, under the hex-decoded HMAC key, of
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`.
 * The event is named by the items' `eventCode` (`AUTHORISATION`), with one idempotency key per item
 * (`eventCode:pspReference:success`); the default answer is `[accepted]`, which Adyen expects within
 * 10 s (`deadlineMs`). Management and platform webhooks: the `HmacSignature` header (HMAC of the
 * raw body), named by the body's `type`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { adyen } from "@hookwire/adyen";
 *
 * const hooks = createWebhooks({ receivers: { adyen: adyen({ secret: process.env.ADYEN_HMAC_KEY! }) } });
 * hooks.on("adyen", "AUTHORISATION", async (event) => {
 *   const item = event.payload.notificationItems[0]!.NotificationRequestItem;
 *   console.log(item.pspReference, item.success);
 * });
 * ```
 */
export function adyen(options: AdyenOptions): AdyenReceiver {
  const secret = options?.secret;
  if (typeof secret === "string" && secret !== "") adyenKey(secret);
  if (Array.isArray(secret)) for (const key of secret) if (key) adyenKey(key);
  return defineSignedReceiver<AdyenEvents, "adyen">({
    provider: "adyen",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret,
    scheme: adyenScheme,
    precheck: (request) => assertMediaType(request, ["application/json", ""], PACKAGE),
    mismatch: `[${PACKAGE}] The HMAC signature does not match under the configured HMAC key.`,
    parse,
    respond(event) {
      return event.meta.kind === "notification"
        ? new Response(ACCEPTED, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } })
        : undefined;
    },
    narrow(event, fresh) {
      const keep = new Set(fresh);
      const body = event.payload as {
        notificationItems: Array<{ NotificationRequestItem: AdyenNotificationRequestItem }>;
      };
      return {
        ...event,
        payload: {
          ...body,
          notificationItems: body.notificationItems.filter((i) =>
            keep.has(itemKey(i.NotificationRequestItem)),
          ),
        },
      };
    },
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const items = notificationItemsOf(payload) as AdyenNotificationRequestItem[] | undefined;
  if (items === undefined) {
    const type = payload.type;
    if (typeof type !== "string" || type === "") {
      throw new WebhookError(
        "PAYLOAD_INVALID",
        `[${PACKAGE}] The body is neither a notification nor a typed webhook.`,
      );
    }
    return { type, payload, meta: { kind: "webhook" } };
  }
  for (const item of items) {
    if (
      typeof item.eventCode !== "string" ||
      item.eventCode === "" ||
      typeof item.pspReference !== "string"
    ) {
      throw new WebhookError(
        "PAYLOAD_INVALID",
        `[${PACKAGE}] A notification item has no eventCode or pspReference.`,
      );
    }
  }
  const codes = new Set(items.map((item) => item.eventCode));
  const keys = items.map(itemKey);
  return {
    type: codes.size === 1 ? items[0]!.eventCode : "batch",
    id: items.length === 1 ? keys[0] : undefined,
    payload,
    meta: { kind: "notification", live: payload.live === "true" },
    ...(items.length > 1 ? { idempotencyKeys: keys } : {}),
  };
}
