import { type Clock, hmacScheme, type ParsedSignature, type SignatureScheme, utf8 } from "@hookwire/core";

const PACKAGE = "@hookwire/paddle";

/** The timestamp settings of {@link paddleSchemeWith}. */
export interface PaddleSchemeOptions {
  /** Allowed distance between the signed `ts` and now, in seconds (default 5, as Paddle's SDK). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/**
 * `ts=…;h1=…[;h1=…][;h2=…]` read apart as Paddle's SDK does (split on `;`, then on the first `=`):
 * the timestamp and every `h1`; other schemes (`h2`) are ignored. Both `ts` and an `h1` are required.
 */
export function parsePaddleSignature(value: string): ParsedSignature | undefined {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of value.split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const entry = part.slice(at + 1).trim();
    if (entry === "") continue;
    if (key === "ts") timestamp = entry;
    else if (key === "h1") signatures.push(entry);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { signatures, timestamp };
}

/**
 * Paddle Billing's signature with a given tolerance: `Paddle-Signature: ts=<seconds>;h1=<hex
 * HMAC-SHA256 of "<ts>:<raw body>">` under the notification destination's secret key. Any `h1`
 * matching is enough (Paddle sends several while a secret is being rotated).
 *
 * @example
 * ```ts
 * const scheme = paddleSchemeWith({ toleranceSeconds: 30 });
 * ```
 */
export function paddleSchemeWith(options: PaddleSchemeOptions = {}): SignatureScheme {
  return hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "hex",
    header: "Paddle-Signature",
    parse: parsePaddleSignature,
    format: (signatures, timestamp) => [`ts=${timestamp}`, ...signatures.map((s) => `h1=${s}`)].join(";"),
    timestamp: {
      toleranceSeconds: options.toleranceSeconds ?? 5,
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    content: ({ timestamp, body }) => [utf8(`${timestamp}:`), body],
    missingHint: "Paddle signs every notification sent to a notification destination.",
  });
}

/**
 * Paddle's signature (5 s tolerance, as Paddle's SDK): the receiver, `paddleTestRequest` and the
 * CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const { headers } = await paddleScheme.sign({ body, secret: "pdl_ntfset_…", timestamp: 1698796800 });
 * headers["Paddle-Signature"]; // "ts=1698796800;h1=…"
 * ```
 */
export const paddleScheme: SignatureScheme = paddleSchemeWith();
