import { fromBase64, randomBytes, toBase64, WebhookError } from "@hookwire/core";

const PACKAGE = "@hookwire/standard-webhooks";

/**
 * The key bytes of a Standard Webhooks secret: `whsec_` + base64, decoded after the prefix
 * (a secret without the prefix is decoded as base64 too, as the reference libraries do).
 *
 * @example
 * ```ts
 * secretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") // 24 bytes
 * ```
 */
export function secretKey(secret: string): Uint8Array {
  const encoded = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  const key = fromBase64(encoded);
  if (!key || key.length === 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The secret is not "whsec_" followed by base64. Copy it exactly as your provider shows it, or make one with generateSecret().`,
    );
  }
  return key;
}

/**
 * A new random secret, `whsec_` + base64 of `bytes` random bytes (24–64; default 32).
 *
 * @example
 * ```ts
 * const secret = generateSecret(); // "whsec_…"
 * ```
 */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 24 || bytes > 64) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] A secret has 24 to 64 random bytes; ${bytes} was asked.`,
    );
  }
  return `whsec_${toBase64(randomBytes(bytes))}`;
}

/** The raw 32-byte Ed25519 seed of a `whsk_` signing key (32-byte seed or 64-byte seed + public key). */
export function signingSeed(signingKey: string): Uint8Array {
  const bytes = fromBase64(signingKey.startsWith("whsk_") ? signingKey.slice(5) : signingKey);
  if (!bytes || (bytes.length !== 32 && bytes.length !== 64)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] A signing key is "whsk_" + base64 of a 32-byte Ed25519 seed.`,
    );
  }
  return bytes.subarray(0, 32);
}

/** The raw 32-byte Ed25519 key of a `whpk_` public key. */
export function publicKeyBytes(publicKey: string): Uint8Array {
  const bytes = fromBase64(publicKey.startsWith("whpk_") ? publicKey.slice(5) : publicKey);
  if (bytes?.length !== 32) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] A public key is "whpk_" + base64 of 32 bytes (Ed25519).`,
    );
  }
  return bytes;
}
