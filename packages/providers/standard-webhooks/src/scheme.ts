import { type Clock, hmacScheme, type ParsedSignature, type SignatureScheme } from "@hookwire/core";
import { secretKey } from "./secret.js";

const PACKAGE = "@hookwire/standard-webhooks";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The `v1,<base64>` entries of a `webhook-signature` header (space separated; other versions skipped). */
function parseV1(value: string): ParsedSignature | undefined {
  if (value.indexOf(" ") < 0) {
    // one entry (the common case): no list to split
    const signature = value.startsWith("v1,") ? value.slice(3) : "";
    return BASE64.test(signature) ? { signatures: [signature] } : undefined;
  }
  const signatures: string[] = [];
  for (const part of value.split(" ")) {
    if (part.startsWith("v1,")) {
      const signature = part.slice(3);
      if (BASE64.test(signature)) signatures.push(signature);
    }
  }
  return signatures.length === 0 ? undefined : { signatures };
}

/** One `v1,<base64>` entry per secret, space separated: every secret signs during a rotation. */
function formatV1(signatures: readonly string[]): string {
  return signatures.map((signature) => `v1,${signature}`).join(" ");
}

/**
 * The key bytes of each secret, decoded once: a sender signs for many subscriptions in turn, more than
 * the scheme's own small cache holds (bounded like `@hookwire/sender`'s per-subscription cache).
 */
const decoded = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = decoded.get(secret);
  if (key === undefined) {
    key = secretKey(secret);
    if (decoded.size >= 10_000) decoded.clear();
    decoded.set(secret, key);
  }
  return key;
}

/** How the receiver's scheme checks the timestamp; see {@link standardWebhooksSchemeWith}. */
export interface StandardWebhooksSchemeOptions {
  /** Seconds the signed timestamp may differ from now, in either direction (default 300). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
}

function schemeFor(prefix: "webhook" | "svix", options: StandardWebhooksSchemeOptions): SignatureScheme {
  return hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "base64",
    header: `${prefix}-signature`,
    parse: parseV1,
    format: formatV1,
    timestamp: {
      header: `${prefix}-timestamp`,
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    idHeader: `${prefix}-id`,
    content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
    key: keyOf,
  });
}

/**
 * The Standard Webhooks `v1` scheme with a tolerance and a clock of its own (the receiver's
 * `toleranceSeconds` and `now`); {@link standardWebhooksScheme} is this with the defaults.
 *
 * @example
 * ```ts
 * const scheme = standardWebhooksSchemeWith({ toleranceSeconds: 60 });
 * const matched = await scheme.verify(request, ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
 * ```
 */
export function standardWebhooksSchemeWith(options: StandardWebhooksSchemeOptions = {}): SignatureScheme {
  const webhook = schemeFor("webhook", options);
  const svix = schemeFor("svix", options);
  return {
    verify(request, secrets) {
      // Svix's own names, when the `webhook-*` ones are absent (Svix sends both; older senders only svix-*).
      return request.headers.get("webhook-signature") === null &&
        request.headers.get("svix-signature") !== null
        ? svix.verify(request, secrets)
        : webhook.verify(request, secrets);
    },
    sign: (input) => webhook.sign(input),
  };
}

/**
 * Standard Webhooks' `v1` signature: `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the base64 bytes after `whsec_`. Any
 * `v1` entry of the space-separated list may match; signing writes one entry per secret (all of
 * them during a rotation). Svix's `svix-id`/`svix-timestamp`/`svix-signature` are read too. The
 * timestamp must be within 300 seconds of now, either way. The receiver, `standardWebhooksTestRequest`
 * and `@hookwire/sender` sign and verify with it; `v1a` (Ed25519) is the receiver's `publicKey` option.
 *
 * @example
 * ```ts
 * const { headers } = await standardWebhooksScheme.sign({
 *   body: new TextEncoder().encode('{"type":"user.created"}'),
 *   secret: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
 *   id: "msg_1",
 *   timestamp: 1614265330,
 * });
 * headers["webhook-signature"]; // "v1,…"
 * ```
 */
export const standardWebhooksScheme: SignatureScheme = standardWebhooksSchemeWith();
