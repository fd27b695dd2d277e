import {
  encodeBytes,
  fromHex,
  hmac,
  hmacScheme,
  type SignatureScheme,
  utf8Decode,
  verifyHmacNow,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/adyen";

/** The fields of a notification item that Adyen signs. */
export interface AdyenSignedFields {
  pspReference?: string;
  originalReference?: string;
  merchantAccountCode?: string;
  merchantReference?: string;
  amount?: { value?: number | string; currency?: string };
  eventCode?: string;
  success?: string | boolean;
  additionalData?: Record<string, unknown>;
}

/**
 * The text Adyen signs for one notification item: `pspReference:originalReference:
 * merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success`, an absent
 * field written as empty.
 *
 * @example
 * ```ts
 * adyenSignedData(item); // "pspReference:originalReference:merchantAccount:reference:1000:EUR:CAPTURE:true"
 * ```
 */
export function adyenSignedData(item: AdyenSignedFields): string {
  const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
  return [
    item.pspReference,
    item.originalReference,
    item.merchantAccountCode,
    item.merchantReference,
    item.amount?.value,
    item.amount?.currency,
    item.eventCode,
    item.success,
  ]
    .map(text)
    .join(":");
}

/** The HMAC key: Adyen shows it as hex and signs with the bytes it encodes. */
export function adyenKey(secret: string): Uint8Array {
  const key = /^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0 ? fromHex(secret) : undefined;
  if (key === undefined || key.length === 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The HMAC key must be the hex string Customer Area shows (Developers → Webhooks → your webhook → HMAC key).`,
    );
  }
  return key;
}

/** The notification items of a body, or undefined when it is not a classic notification. */
export function notificationItemsOf(body: unknown): AdyenSignedFields[] | undefined {
  const items = (body as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(items)) return undefined;
  return items.map((entry) => {
    const item = (entry as { NotificationRequestItem?: unknown } | null)?.NotificationRequestItem;
    if (typeof item !== "object" || item === null) {
      throw new WebhookError(
        "PAYLOAD_INVALID",
        `[${PACKAGE}] A notification item has no NotificationRequestItem.`,
      );
    }
    return item as AdyenSignedFields;
  });
}

const signatureOf = (item: AdyenSignedFields): string | undefined => {
  const value = item.additionalData?.hmacSignature;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/**
 * The `HmacSignature` header of Adyen's Management, Balance Platform and other platform webhooks:
 * base64 HMAC-SHA256 of the raw body under the hex-decoded key.
 *
 * @example
 * ```ts
 * const { headers } = await adyenHeaderScheme.sign({ body, secret: "44782DEF…" });
 * ```
 */
export const adyenHeaderScheme: SignatureScheme = hmacScheme({
  packageName: PACKAGE,
  algorithm: "SHA-256",
  encoding: "base64",
  header: "HmacSignature",
  key: adyenKey,
});

/**
 * Adyen's webhook signatures: in a classic (payments) notification, each
 * `NotificationRequestItem.additionalData.hmacSignature` is the base64 HMAC-SHA256 of the item's
 * {@link adyenSignedData} under the hex-decoded key, and every item must carry a valid one; other
 * webhooks (Management API, platforms) carry {@link adyenHeaderScheme}'s `HmacSignature` header.
 * `sign` covers the header form only: a classic notification is signed inside its body
 * (`signAdyenNotification` on `@hookwire/adyen/testing`).
 *
 * @example
 * ```ts
 * const matched = await adyenScheme.verify(request, [process.env.ADYEN_HMAC_KEY!]);
 * ```
 */
export const adyenScheme: SignatureScheme = {
  verify(request, secrets) {
    let body: unknown;
    try {
      body = JSON.parse(utf8Decode(request.body));
    } catch {
      body = undefined;
    }
    const items = notificationItemsOf(body);
    if (items === undefined) return adyenHeaderScheme.verify(request, secrets);
    if (items.length === 0) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The notification has no items.`);
    }
    const keys = secrets.map(adyenKey);
    let first = -1;
    const pending: Promise<number>[] = [];
    for (const item of items) {
      const signature = signatureOf(item);
      if (signature === undefined) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] A notification item has no additionalData.hmacSignature. Generate an HMAC key for the webhook in Customer Area.`,
        );
      }
      const matched = verifyHmacNow("SHA-256", keys, adyenSignedData(item), signature, "base64");
      if (typeof matched === "number") {
        if (matched < 0) return -1;
        if (first < 0) first = matched;
      } else {
        pending.push(matched);
      }
    }
    if (pending.length === 0) return first;
    return Promise.all(pending).then((indexes) =>
      indexes.some((i) => i < 0) ? -1 : first >= 0 ? first : indexes[0]!,
    );
  },
  sign: (input) => adyenHeaderScheme.sign(input),
};

/**
 * The body of a classic notification with every item's `additionalData.hmacSignature` set under
 * `secret` (hex), as Adyen sends it.
 *
 * @example
 * ```ts
 * const body = await signAdyenItems({ live: "false", notificationItems: [{ NotificationRequestItem: item }] }, hexKey);
 * ```
 */
export async function signAdyenItems<T>(notification: T, secret: string): Promise<T> {
  const copy = structuredClone(notification);
  const items = notificationItemsOf(copy) ?? [];
  for (const item of items) {
    const signature = encodeBytes(await hmac("SHA-256", adyenKey(secret), adyenSignedData(item)), "base64");
    item.additionalData = { ...item.additionalData, hmacSignature: signature };
  }
  return copy;
}
