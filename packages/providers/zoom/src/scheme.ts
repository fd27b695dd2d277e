import { type Clock, hmacScheme, type SignatureScheme, utf8 } from "@hookwire/core";

const PACKAGE = "@hookwire/zoom";

/** The timestamp settings of {@link zoomSchemeWith}. */
export interface ZoomSchemeOptions {
  /** Allowed distance between `x-zm-request-timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/**
 * Zoom's signature with a given timestamp tolerance: `x-zm-signature: v0=<hex HMAC-SHA256 of
 * "v0:<x-zm-request-timestamp>:<raw body>">` under the app's Secret Token.
 *
 * @example
 * ```ts
 * const scheme = zoomSchemeWith({ toleranceSeconds: 600 });
 * ```
 */
export function zoomSchemeWith(options: ZoomSchemeOptions = {}): SignatureScheme {
  return hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "hex",
    header: "x-zm-signature",
    prefix: "v0=",
    timestamp: {
      header: "x-zm-request-timestamp",
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    content: ({ timestamp, body }) => [utf8(`v0:${timestamp}:`), body],
    missingHint: "Zoom signs every event notification with the app's Secret Token (Features → Access).",
  });
}

/**
 * Zoom's request signature (300 s tolerance): the receiver, `zoomTestRequest` and the CLI all sign
 * and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await zoomScheme.sign({ body, secret: "ZOOM_SECRET_TOKEN", timestamp: 1700000000 });
 * headers["x-zm-signature"]; // "v0=…"
 * ```
 */
export const zoomScheme: SignatureScheme = zoomSchemeWith();
