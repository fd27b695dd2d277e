import {
  assertTimestamp,
  type Clock,
  checkTolerance,
  encodeBytes,
  hmac,
  mediaType,
  parseForm,
  type SignatureScheme,
  utf8Decode,
  verifyHmacNow,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";

const PACKAGE = "@hookwire/mailgun";

/** The signature Mailgun puts in a webhook body. */
export interface MailgunSignature {
  timestamp: string;
  token: string;
  signature: string;
  /** For a subaccount's event: the same HMAC under the primary (parent) account's signing key. */
  "parent-signature"?: string;
}

/** The signature object read from a body, or undefined when it is not one. */
function signatureFrom(value: unknown): MailgunSignature | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== "object" || v === null) return undefined;
  const timestamp = typeof v.timestamp === "number" ? String(v.timestamp) : v.timestamp;
  const { token, signature } = v;
  if (typeof timestamp !== "string" || typeof token !== "string" || typeof signature !== "string")
    return undefined;
  const parent = v["parent-signature"];
  return {
    timestamp,
    token,
    signature,
    ...(typeof parent === "string" && parent !== "" ? { "parent-signature": parent } : {}),
  };
}

/**
 * The signature of a Mailgun webhook body: the `signature` object of a JSON webhook, or the
 * `timestamp`, `token` and `signature` fields of a legacy form-encoded one. Undefined when there is
 * none.
 */
export function mailgunSignatureOf(request: WebhookRequest): MailgunSignature | undefined {
  if (mediaType(request) === "application/x-www-form-urlencoded") {
    const form = parseForm(request.body);
    return signatureFrom({
      timestamp: form.get("timestamp"),
      token: form.get("token"),
      signature: form.get("signature"),
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(utf8Decode(request.body));
  } catch {
    return undefined;
  }
  return typeof body === "object" && body !== null
    ? signatureFrom((body as { signature?: unknown }).signature)
    : undefined;
}

/** The timestamp settings of {@link mailgunSchemeWith}. */
export interface MailgunSchemeOptions {
  /** Allowed distance between the signed timestamp and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

/**
 * Mailgun's webhook signature: the body's `signature.signature` is the hex HMAC-SHA256 of
 * `signature.timestamp + signature.token` under the HTTP webhook signing key (for a subaccount's
 * event, `signature.parent-signature` is the same under the primary account's key, and either may
 * match); the timestamp is checked after it. (Token reuse is refused by the receiver, which keeps the tokens it has seen.)
 * `sign` adds nothing: Mailgun signs inside the body, see `signMailgunBody` on `@hookwire/mailgun/testing`.
 *
 * @example
 * ```ts
 * const matched = await mailgunSchemeWith({ toleranceSeconds: 600 }).verify(request, [signingKey]);
 * ```
 */
export function mailgunSchemeWith(options: MailgunSchemeOptions = {}): SignatureScheme {
  const tolerance = checkTolerance(options.toleranceSeconds, PACKAGE, 300);
  return {
    verify(request, secrets) {
      const signed = mailgunSignatureOf(request);
      if (signed === undefined) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The body carries no signature (timestamp, token, signature).`,
        );
      }
      if (!/^\d{1,12}$/.test(signed.timestamp)) {
        throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signed timestamp is not a number.`);
      }
      const fresh = (matched: number) => {
        if (matched >= 0) {
          assertTimestamp(Number(signed.timestamp), {
            toleranceSeconds: tolerance,
            now: options.now,
            packageName: PACKAGE,
          });
        }
        return matched;
      };
      // a subaccount's event also carries the HMAC under the parent account's key: either may match
      const parent = signed["parent-signature"];
      const candidates = parent === undefined ? signed.signature : [signed.signature, parent];
      const matched = verifyHmacNow(
        "SHA-256",
        secrets,
        `${signed.timestamp}${signed.token}`,
        candidates,
        "hex",
      );
      return typeof matched === "number" ? fresh(matched) : matched.then(fresh);
    },
    async sign() {
      return { headers: {} };
    },
  };
}

/**
 * `{ timestamp, token, signature }` as Mailgun computes it for a signing key.
 *
 * @example
 * ```ts
 * const signature = await mailgunSignature("key-…", 1700000000, "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0");
 * ```
 */
export async function mailgunSignature(
  signingKey: string,
  timestamp: number = Math.floor(Date.now() / 1000),
  token: string = crypto.randomUUID().replace(/-/g, "") + crypto.randomUUID().replace(/-/g, "").slice(0, 18),
): Promise<MailgunSignature> {
  const text = String(timestamp);
  return {
    timestamp: text,
    token,
    signature: encodeBytes(await hmac("SHA-256", signingKey, `${text}${token}`), "hex"),
  };
}

/** Mailgun's signature with the default 300 s window. */
export const mailgunScheme: SignatureScheme = mailgunSchemeWith();
