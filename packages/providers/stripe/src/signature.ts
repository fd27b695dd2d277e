import { WebhookError } from "@hookwire/core";

/** A parsed `Stripe-Signature` header. */
export interface ParsedStripeSignature {
  /** The signed timestamp, in seconds. */
  timestamp: number;
  /** Every `v1` signature (hex); Stripe sends several while a secret is being rolled. */
  v1: string[];
}

/**
 * The header's `v1` entries (`signatures`) and its `t` as sent (`timestamp`, `undefined` when absent
 * or not 1–15 digits), in the shape core's `hmacScheme` reads.
 */
export function readStripeSignature(header: string): { signatures: string[]; timestamp: string | undefined } {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,15}$/.test(value)) t = value;
    else if (key === "v1" && value.length > 0) v1.push(value);
  }
  return { signatures: v1, timestamp: t };
}

/**
 * Parse `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>][,v0=<hex>]`. Unknown schemes (`v0`) are
 * ignored; a header without `t` or without `v1` is `SIGNATURE_INVALID`.
 *
 * @example
 * ```ts
 * parseStripeSignature("t=1492774577,v1=5257a869…") // { timestamp: 1492774577, v1: ["5257a869…"] }
 * ```
 */
export function parseStripeSignature(header: string): ParsedStripeSignature {
  const { timestamp: t, signatures: v1 } = readStripeSignature(header);
  if (t === undefined) {
    throw new WebhookError(
      "SIGNATURE_INVALID",
      "[@hookwire/stripe] The Stripe-Signature header has no valid timestamp (t=).",
    );
  }
  if (v1.length === 0) {
    throw new WebhookError(
      "SIGNATURE_INVALID",
      "[@hookwire/stripe] The Stripe-Signature header has no v1 signature.",
    );
  }
  return { timestamp: Number(t), v1 };
}
