import {
  assertTimestamp,
  type Clock,
  checkTolerance,
  hmacScheme,
  type SignatureScheme,
  utf8,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";

const PACKAGE = "@hookwire/box";
const TIMESTAMP = "BOX-DELIVERY-TIMESTAMP";

/** Settings of {@link boxSchemeWith}. */
export interface BoxSchemeOptions {
  /**
   * The secondary signature keys, checked against `BOX-SIGNATURE-SECONDARY` (the secrets given to
   * `verify` are the primary keys, checked against `BOX-SIGNATURE-PRIMARY`).
   */
  secondary?: (request: WebhookRequest) => readonly string[] | Promise<readonly string[]>;
  /** Oldest delivery accepted, in seconds (default 600, as Box's SDKs). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

const macFor = (header: string): SignatureScheme =>
  hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "base64",
    header,
    // verifying: the header as sent; signing (no headers yet): the timestamp, passed as the id
    content: ({ body, headers, id }) => [body, utf8(headers === null ? id : (headers.get(TIMESTAMP) ?? ""))],
  });

const primary = macFor("BOX-SIGNATURE-PRIMARY");
const secondary = macFor("BOX-SIGNATURE-SECONDARY");

/**
 * Box's webhook signature with a given window: `BOX-SIGNATURE-PRIMARY` and
 * `BOX-SIGNATURE-SECONDARY` are the base64 HMAC-SHA256 of the raw body followed by
 * `BOX-DELIVERY-TIMESTAMP`, under the application's primary and secondary signature keys;
 * `BOX-SIGNATURE-VERSION` must be `1` and `BOX-SIGNATURE-ALGORITHM` `HmacSHA256`. `verify` returns
 * the index of the primary key that matched, or `secrets.length + j` for the secondary key `j`.
 *
 * @example
 * ```ts
 * const scheme = boxSchemeWith({ secondary: () => [process.env.BOX_SECONDARY_KEY!] });
 * ```
 */
export function boxSchemeWith(options: BoxSchemeOptions = {}): SignatureScheme {
  const tolerance = checkTolerance(options.toleranceSeconds, PACKAGE, 600);
  const fresh = (seconds: number, matched: number): number => {
    if (matched >= 0)
      assertTimestamp(seconds, { toleranceSeconds: tolerance, now: options.now, packageName: PACKAGE });
    return matched;
  };
  const trySecondary = (
    request: WebhookRequest,
    count: number,
    matched: number,
  ): number | Promise<number> => {
    if (matched >= 0 || !options.secondary || !request.headers.get("box-signature-secondary")?.trim())
      return matched;
    const check = (keys: readonly string[]) => {
      const found = secondary.verify(request, keys);
      const shift = (index: number) => (index >= 0 ? count + index : -1);
      return typeof found === "number" ? shift(found) : found.then(shift);
    };
    const keys = options.secondary(request);
    return Array.isArray(keys)
      ? check(keys as readonly string[])
      : (keys as Promise<readonly string[]>).then(check);
  };
  return {
    verify(request, secrets) {
      const hasPrimary = !!request.headers.get("box-signature-primary")?.trim();
      const hasSecondary = !!options.secondary && !!request.headers.get("box-signature-secondary")?.trim();
      if (!hasPrimary && !hasSecondary) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The BOX-SIGNATURE-PRIMARY header is missing. Generate signature keys in the Developer Console (Webhooks → Manage signature keys).`,
        );
      }
      const version = request.headers.get("box-signature-version")?.trim();
      const algorithm = request.headers.get("box-signature-algorithm")?.trim();
      if (version !== "1" || algorithm !== "HmacSHA256") {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] Unsupported signature: BOX-SIGNATURE-VERSION must be 1 and BOX-SIGNATURE-ALGORITHM HmacSHA256.`,
        );
      }
      const text = request.headers.get(TIMESTAMP)?.trim() ?? "";
      const millis = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
      if (Number.isNaN(millis)) {
        throw new WebhookError(
          "HEADER_INVALID",
          `[${PACKAGE}] The ${TIMESTAMP} header is missing or not a date.`,
        );
      }
      const first = hasPrimary ? primary.verify(request, secrets) : -1;
      const after = (matched: number) => {
        const next = trySecondary(request, secrets.length, matched);
        return typeof next === "number"
          ? fresh(millis / 1000, next)
          : next.then((m) => fresh(millis / 1000, m));
      };
      return typeof first === "number" ? after(first) : first.then(after);
    },
    async sign(input) {
      const [primaryKey, secondaryKey] = typeof input.secret === "string" ? [input.secret] : input.secret;
      const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
      // Box writes RFC 3339 with an offset and no fraction: 2020-01-01T00:00:00-08:00
      const timestamp = `${new Date(seconds * 1000).toISOString().slice(0, 19)}+00:00`;
      const mac = async (scheme: SignatureScheme, key: string) =>
        Object.values((await scheme.sign({ body: input.body, secret: key, id: timestamp })).headers)[0]!;
      const headers: Record<string, string> = {
        "BOX-SIGNATURE-VERSION": "1",
        "BOX-SIGNATURE-ALGORITHM": "HmacSHA256",
        [TIMESTAMP]: timestamp,
      };
      if (primaryKey) headers["BOX-SIGNATURE-PRIMARY"] = await mac(primary, primaryKey);
      if (secondaryKey) headers["BOX-SIGNATURE-SECONDARY"] = await mac(secondary, secondaryKey);
      return { headers };
    },
  };
}

/**
 * Box's webhook signature with primary keys only and the 10-minute window: `boxTestRequest` and the
 * CLI sign with it (a list of two secrets signs the primary and the secondary header).
 *
 * @example
 * ```ts
 * const { headers } = await boxScheme.sign({ body, secret: ["primary-key", "secondary-key"] });
 * headers["BOX-SIGNATURE-PRIMARY"]; // base64
 * ```
 */
export const boxScheme: SignatureScheme = boxSchemeWith();
