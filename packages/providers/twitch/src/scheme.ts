import {
  assertTimestamp,
  type Clock,
  checkTolerance,
  hmacScheme,
  type SignatureScheme,
  type SignedContent,
  utf8,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/twitch";
const TIMESTAMP = "Twitch-Eventsub-Message-Timestamp";
/** RFC 3339 as Twitch writes it: `2023-07-19T10:11:12.634234626Z` (any fraction, `Z` or an offset). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The timestamp settings of {@link twitchSchemeWith}. */
export interface TwitchSchemeOptions {
  /** Oldest (and furthest in the future) message accepted, in seconds (default 600: Twitch's 10 minutes). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/** The seconds of an RFC 3339 timestamp, or NaN. */
export function twitchTimestampSeconds(value: string): number {
  return RFC3339.test(value) ? Date.parse(value) / 1000 : Number.NaN;
}

const macOf = (timestampOf: (parts: SignedContent) => string): SignatureScheme =>
  hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "hex",
    header: "Twitch-Eventsub-Message-Signature",
    prefix: "sha256=",
    idHeader: "Twitch-Eventsub-Message-Id",
    content: (parts) => [utf8(parts.id), utf8(timestampOf(parts)), parts.body],
  });

const fromHeader = macOf((parts) => parts.headers?.get(TIMESTAMP)?.trim() ?? "");

/**
 * Twitch EventSub's signature with a given window: `Twitch-Eventsub-Message-Signature: sha256=<hex
 * HMAC-SHA256 of Message-Id + Message-Timestamp + raw body>` under the subscription's secret. The
 * timestamp is RFC 3339; messages older than the window (10 minutes) are refused, after the MAC.
 *
 * @example
 * ```ts
 * const scheme = twitchSchemeWith({ toleranceSeconds: 300 });
 * ```
 */
export function twitchSchemeWith(options: TwitchSchemeOptions = {}): SignatureScheme {
  const tolerance = checkTolerance(options.toleranceSeconds, PACKAGE, 600);
  const fresh = (seconds: number, matched: number): number => {
    if (matched >= 0) {
      assertTimestamp(seconds, { toleranceSeconds: tolerance, now: options.now, packageName: PACKAGE });
    }
    return matched;
  };
  return {
    verify(request, secrets) {
      const signature = request.headers.get("twitch-eventsub-message-signature");
      const text = request.headers.get(TIMESTAMP)?.trim() ?? "";
      const seconds = twitchTimestampSeconds(text);
      if (signature !== null && signature.trim() !== "" && Number.isNaN(seconds)) {
        throw new WebhookError(
          "HEADER_INVALID",
          `[${PACKAGE}] The ${TIMESTAMP} header is missing or not an RFC 3339 timestamp.`,
        );
      }
      const matched = fromHeader.verify(request, secrets);
      return typeof matched === "number"
        ? fresh(seconds, matched)
        : matched.then((index) => fresh(seconds, index));
    },
    async sign(input) {
      const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
      const timestamp = new Date(seconds * 1000).toISOString();
      const id = input.id ?? crypto.randomUUID();
      const signed = await macOf(() => timestamp).sign({ ...input, id });
      return { headers: { ...signed.headers, [TIMESTAMP]: timestamp } };
    },
  };
}

/**
 * Twitch EventSub's signature with Twitch's 10-minute window: the receiver, `twitchTestRequest` and
 * the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await twitchScheme.sign({ body, secret: "s3cret-at-least-10", id: "e76c6bd4-…" });
 * headers["Twitch-Eventsub-Message-Signature"]; // "sha256=…"
 * ```
 */
export const twitchScheme: SignatureScheme = twitchSchemeWith();
