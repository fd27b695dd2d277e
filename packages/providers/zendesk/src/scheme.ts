import {
  assertTimestamp,
  type Clock,
  checkTolerance,
  encodeBytes,
  hmac,
  type SignatureScheme,
  utf8,
  verifyHmacNow,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/zendesk";
const SIGNATURE = "X-Zendesk-Webhook-Signature";
const TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp";

/**
 * Zendesk's static secret for test deliveries made before a webhook exists (the "Test webhook"
 * button while creating one). Never use it for real deliveries.
 *
 * @example
 * ```ts
 * const secret = [process.env.ZENDESK_WEBHOOK_SECRET!, ...(dev ? [ZENDESK_TEST_SECRET] : [])];
 * ```
 */
export const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

/** The timestamp settings of {@link zendeskSchemeWith}. */
export interface ZendeskSchemeOptions {
  /** Allowed distance between the signed timestamp and now, in seconds (default 300); `Infinity` turns it off. */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/** The signed timestamp in seconds: ISO 8601 as Zendesk sends it, or Unix seconds. */
function timestampSeconds(value: string): number {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The ${TIMESTAMP} header is not a date.`);
  }
  return ms / 1000;
}

/**
 * The base64 HMAC-SHA256 of `timestamp + body` under a secret used verbatim (it looks like base64
 * but is not decoded).
 *
 * @example
 * ```ts
 * await zendeskMac("2099-07-04T05:33:18Z", body, "secret"); // base64, 44 characters
 * ```
 */
export async function zendeskMac(timestamp: string, body: Uint8Array, secret: string): Promise<string> {
  return encodeBytes(await hmac("SHA-256", secret, [utf8(timestamp), body]), "base64");
}

/**
 * Zendesk's signature with a given timestamp tolerance: `X-Zendesk-Webhook-Signature: <base64
 * HMAC-SHA256 of X-Zendesk-Webhook-Signature-Timestamp + raw body>`. Not {@link hmacScheme}: the
 * signed timestamp is an ISO 8601 date (`2099-07-04T05:33:18Z`), not a number of seconds. The
 * timestamp is checked after the signature, as in the HMAC family.
 *
 * @example
 * ```ts
 * const scheme = zendeskSchemeWith({ toleranceSeconds: 600 });
 * ```
 */
export function zendeskSchemeWith(options: ZendeskSchemeOptions = {}): SignatureScheme {
  const tolerance = checkTolerance(options.toleranceSeconds, PACKAGE);
  const checkTime = (seconds: number, matched: number): number => {
    if (matched >= 0) {
      assertTimestamp(seconds, {
        toleranceSeconds: tolerance,
        now: options.now,
        packageName: PACKAGE,
      });
    }
    return matched;
  };
  return {
    verify(request, secrets) {
      const signature = request.headers.get(SIGNATURE);
      if (signature === null || signature.trim() === "") {
        throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The ${SIGNATURE} header is missing.`);
      }
      const timestamp = request.headers.get(TIMESTAMP);
      if (timestamp === null || timestamp.trim() === "") {
        throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The ${TIMESTAMP} header is missing.`);
      }
      const seconds = timestampSeconds(timestamp.trim());
      // the timestamp is signed as sent
      const matched = verifyHmacNow(
        "SHA-256",
        secrets,
        [utf8(timestamp), request.body],
        signature.trim(),
        "base64",
      );
      return typeof matched === "number"
        ? checkTime(seconds, matched)
        : matched.then((index) => checkTime(seconds, index));
    },
    async sign(input) {
      const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
      const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
      const timestamp = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
      return {
        headers: { [SIGNATURE]: await zendeskMac(timestamp, input.body, secret), [TIMESTAMP]: timestamp },
      };
    },
  };
}

/**
 * Zendesk's webhook signature (300 s tolerance): the receiver, `zendeskTestRequest` and the CLI all
 * sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await zendeskScheme.sign({ body, secret: "s", timestamp: 4086927198 });
 * headers["X-Zendesk-Webhook-Signature-Timestamp"]; // "2099-07-04T05:33:18Z"
 * ```
 */
export const zendeskScheme: SignatureScheme = zendeskSchemeWith();
