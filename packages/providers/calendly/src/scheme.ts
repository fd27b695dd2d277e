import { hmacScheme, type ParsedSignature, type SignatureScheme, utf8 } from "@hookwire/core";

/** Calendly's example accepts signatures up to three minutes old. */
export const CALENDLY_TOLERANCE_SECONDS = 180;

/** Reads `t=<seconds>,v1=<hex>[,v1=<hex>…]`; `undefined` when malformed. */
function parseHeader(value: string): ParsedSignature | undefined {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of value.split(",")) {
    const at = part.indexOf("=");
    if (at < 0) return undefined;
    const key = part.slice(0, at).trim();
    const item = part.slice(at + 1).trim();
    if (key === "t") timestamp = item;
    else if (key === "v1" && item !== "") signatures.push(item);
  }
  return timestamp === undefined ? undefined : { signatures, timestamp };
}

/**
 * Calendly's webhook signature for a given tolerance: `Calendly-Webhook-Signature:
 * t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under the webhook signing key; the timestamp
 * is checked after the signature.
 *
 * @example
 * ```ts
 * const scheme = calendlySchemeWith(300);
 * ```
 */
export function calendlySchemeWith(toleranceSeconds: number): SignatureScheme {
  return hmacScheme({
    packageName: "@hookwire/calendly",
    algorithm: "SHA-256",
    encoding: "hex",
    header: "Calendly-Webhook-Signature",
    parse: parseHeader,
    format: (signatures, timestamp) => [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(","),
    timestamp: { toleranceSeconds },
    content: ({ timestamp, body }) => [utf8(`${timestamp}.`), body],
    missingHint: "Create the webhook subscription with a signing_key to have Calendly sign deliveries.",
  });
}

/**
 * Calendly's webhook signature with the three-minute window of Calendly's own example.
 *
 * @example
 * ```ts
 * const { headers } = await calendlyScheme.sign({ body: new TextEncoder().encode("{}"), secret: "signing-key" });
 * headers["Calendly-Webhook-Signature"]; // "t=1700000000,v1=…"
 * ```
 */
export const calendlyScheme: SignatureScheme = calendlySchemeWith(CALENDLY_TOLERANCE_SECONDS);
