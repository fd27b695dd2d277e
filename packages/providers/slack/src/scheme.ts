import { type Clock, hmacScheme, type SignatureScheme } from "@hookwire/core";

const PACKAGE = "@hookwire/slack";

/** The timestamp settings of {@link slackSchemeWith}. */
export interface SlackSchemeOptions {
  /** Allowed distance between `X-Slack-Request-Timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/**
 * Slack's signature with a given timestamp tolerance: `X-Slack-Signature: v0=<hex HMAC-SHA256 of
 * "v0:<X-Slack-Request-Timestamp>:<raw body>">` under the app's signing secret.
 *
 * @example
 * ```ts
 * const scheme = slackSchemeWith({ toleranceSeconds: 600 });
 * ```
 */
export function slackSchemeWith(options: SlackSchemeOptions = {}): SignatureScheme {
  return hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "hex",
    header: "X-Slack-Signature",
    prefix: "v0=",
    timestamp: {
      header: "X-Slack-Request-Timestamp",
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    // the prefix as text: the MAC encodes it (no TextEncoder call per request)
    content: ({ timestamp, body }) => [`v0:${timestamp}:`, body],
  });
}

/**
 * Slack's request signature (300 s tolerance): the receiver, `slackTestRequest` and the CLI all sign
 * and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await slackScheme.sign({ body, secret: "8f742231b10e8888abcd99yyyzzz85a5", timestamp: 1531420618 });
 * headers["X-Slack-Signature"]; // "v0=a2114d57…"
 * ```
 */
export const slackScheme: SignatureScheme = slackSchemeWith();
