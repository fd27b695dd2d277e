import {
  asymmetricScheme,
  type Clock,
  ecdsaP256PublicKey,
  fromBase64,
  type SignatureScheme,
  toBase64,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/sendgrid";
/** The DER prefix of every P-256 SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, uncompressed point). */
const P256_SPKI_PREFIX = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

/** The signature header. */
export const SENDGRID_SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
/** The signed timestamp header. */
export const SENDGRID_TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

/** The DER bytes of a key given as base64 or as PEM (`-----BEGIN PUBLIC KEY-----`). */
function derOf(key: string): Uint8Array | undefined {
  const body = key.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return body === "" ? undefined : fromBase64(body);
}

/**
 * The DER SubjectPublicKeyInfo of SendGrid's verification key, as the Mail Settings page shows it
 * (base64; PEM is accepted too). Throws `CONFIGURATION_INVALID` for anything that is not a P-256 key.
 *
 * @example
 * ```ts
 * const spki = sendgridPublicKey(process.env.SENDGRID_WEBHOOK_PUBLIC_KEY!);
 * ```
 */
export function sendgridPublicKey(key: string): Uint8Array {
  const der = typeof key === "string" ? derOf(key) : undefined;
  if (der === undefined || der.length !== 91 || !hex(der.subarray(0, 26)).startsWith(P256_SPKI_PREFIX)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The publicKey must be the Event Webhook's verification key: a base64 (or PEM) P-256 public key, as SendGrid's Mail Settings show it.`,
    );
  }
  return der;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** Options of {@link sendgridSchemeWith}. */
export interface SendGridSchemeOptions {
  /**
   * Refuse a signed timestamp more than this many seconds from now (checked after the signature).
   * SendGrid defines no window; off (`Infinity`) by default.
   */
  toleranceSeconds?: number;
  /** The clock (tests). */
  now?: Clock;
}

/**
 * SendGrid's scheme with options (a timestamp window); see {@link sendgridScheme}.
 *
 * @example
 * ```ts
 * const scheme = sendgridSchemeWith({ toleranceSeconds: 600 });
 * ```
 */
export function sendgridSchemeWith(options: SendGridSchemeOptions = {}): SignatureScheme {
  return asymmetricScheme({
    packageName: PACKAGE,
    algorithm: "ECDSA-P256",
    header: SENDGRID_SIGNATURE_HEADER,
    encoding: "base64",
    publicKey: sendgridPublicKey,
    privateKey: sendgridPrivateKey,
    timestamp: {
      header: SENDGRID_TIMESTAMP_HEADER,
      toleranceSeconds: options.toleranceSeconds ?? Number.POSITIVE_INFINITY,
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    missingHint: "Turn on Signed Event Webhook Requests in SendGrid's Mail Settings.",
  });
}

/** The PKCS#8 bytes of a P-256 private key (base64 or PEM), to sign with. */
function sendgridPrivateKey(key: string): Uint8Array {
  const pkcs8 = derOf(key);
  if (pkcs8 === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Signing needs a P-256 private key in PKCS#8 (base64 or PEM).`,
    );
  }
  return pkcs8;
}

/**
 * SendGrid's Event Webhook signature: `X-Twilio-Email-Event-Webhook-Signature` is the base64 DER
 * ECDSA P-256 / SHA-256 signature of `X-Twilio-Email-Event-Webhook-Timestamp` followed by the raw
 * body. `verify` takes verification keys (base64 SPKI); `sign` takes a PKCS#8 private key (base64)
 * — SendGrid keeps its own, so signing is for tests and local tools.
 *
 * @example
 * ```ts
 * const matched = await sendgridScheme.verify(request, [process.env.SENDGRID_WEBHOOK_PUBLIC_KEY!]);
 * ```
 */
export const sendgridScheme: SignatureScheme = sendgridSchemeWith();

/**
 * The base64 verification key (SPKI) of a base64 PKCS#8 P-256 private key: what SendGrid's Mail
 * Settings would show for an account signing with it.
 *
 * @example
 * ```ts
 * const publicKey = await sendgridPublicKeyOf(privateKey);
 * ```
 */
export async function sendgridPublicKeyOf(privateKey: string): Promise<string> {
  const pkcs8 = derOf(privateKey);
  if (pkcs8 === undefined) {
    throw new WebhookError("CONFIGURATION_INVALID", `[${PACKAGE}] The private key is not base64 or PEM.`);
  }
  return toBase64(await ecdsaP256PublicKey(pkcs8));
}
