import { backend as selected } from "#crypto";
import { fromBase64, fromHex, toBase64, toHex, utf8 } from "../encoding.js";
import type { CryptoBackend, HmacAlgorithm, KeyInput, MacInput } from "./types.js";

/**
 * The crypto build in use: `node:crypto` on Node, Web Crypto elsewhere, chosen by the
 * package's export conditions.
 */
export const cryptoBackend: CryptoBackend = selected;

/** Output encodings of signatures. */
export type SignatureEncoding = "hex" | "base64" | "base64url";

/**
 * Compare two byte arrays in time that depends only on their lengths.
 *
 * @example
 * ```ts
 * timingSafeEqual(expected, received) // true when every byte matches
 * ```
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Compare two strings in time that depends only on their lengths (UTF-8 bytes).
 *
 * @example
 * ```ts
 * timingSafeEqualString(request.query.code, configuredCode)
 * ```
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  return timingSafeEqual(utf8(a), utf8(b));
}

/**
 * HMAC of `data` under `key` (a string key is used as its UTF-8 bytes).
 *
 * @example
 * ```ts
 * const mac = await hmac("SHA-256", "It's a Secret to Everybody", "Hello, World!");
 * ```
 */
export function hmac(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): Promise<Uint8Array> {
  return cryptoBackend.hmac(algorithm, key, data);
}

/**
 * Encode bytes as hex, base64 or base64url.
 *
 * @example
 * ```ts
 * encodeBytes(mac, "hex")
 * ```
 */
export function encodeBytes(bytes: Uint8Array, encoding: SignatureEncoding): string {
  if (encoding === "hex") return toHex(bytes);
  if (encoding === "base64") return toBase64(bytes);
  if (encoding === "base64url")
    return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  throw unknownEncoding(encoding);
}

/** A misspelt encoding would otherwise be read as another one: refused by name. */
function unknownEncoding(encoding: unknown): TypeError {
  return new TypeError(
    `Unknown signature encoding ${JSON.stringify(encoding)}: use "hex", "base64" or "base64url".`,
  );
}

/**
 * Decode a hex, base64 or base64url string; `undefined` when it is not valid in that encoding.
 *
 * @example
 * ```ts
 * decodeBytes("ff01", "hex")
 * ```
 */
export function decodeBytes(value: string, encoding: SignatureEncoding): Uint8Array | undefined {
  if (encoding === "hex") return fromHex(value);
  if (encoding === "base64" || encoding === "base64url") return fromBase64(value);
  throw unknownEncoding(encoding);
}

/**
 * HMAC of `data`, encoded.
 *
 * @example
 * ```ts
 * const signature = "sha256=" + (await hmacString("SHA-256", secret, body, "hex"));
 * ```
 */
export async function hmacString(
  algorithm: HmacAlgorithm,
  key: KeyInput,
  data: MacInput,
  encoding: SignatureEncoding,
): Promise<string> {
  return encodeBytes(await cryptoBackend.hmac(algorithm, key, data), encoding);
}

/**
 * Check an encoded signature against the HMAC of `data` under each key in turn (rotation),
 * in constant time. Returns the index of the key that matched, or -1.
 *
 * @example
 * ```ts
 * const index = await verifyHmac("SHA-256", [current, previous], body, received, "hex");
 * if (index < 0) throw new WebhookError("SIGNATURE_INVALID", "...");
 * ```
 */
export function verifyHmac(
  algorithm: HmacAlgorithm,
  keys: readonly KeyInput[],
  data: MacInput,
  signatures: string | readonly string[],
  encoding: SignatureEncoding,
): Promise<number> {
  const index = verifyHmacNow(algorithm, keys, data, signatures, encoding);
  return typeof index === "number" ? Promise.resolve(index) : index;
}

/**
 * {@link verifyHmac} without a promise where the runtime hashes synchronously (Node): the index of
 * the key that matched, or -1, as a number on Node and as a promise elsewhere (Web Crypto). For a
 * provider's verify step that stays synchronous on the hot path.
 *
 * @example
 * ```ts
 * const index = verifyHmacNow("SHA-256", secrets, body, received, "hex");
 * const matched = typeof index === "number" ? index : await index;
 * ```
 */
export function verifyHmacNow(
  algorithm: HmacAlgorithm,
  keys: readonly KeyInput[],
  data: MacInput,
  signatures: string | readonly string[],
  encoding: SignatureEncoding,
): number | Promise<number> {
  const hmacSync = cryptoBackend.hmacSync;
  const hmacHex = cryptoBackend.hmacHex;
  if (hmacHex && encoding === "hex" && typeof signatures === "string") {
    // The common case (one hex signature, Node): the MAC as hex text, compared with the signature's
    // text in constant time — no buffer made or decoded on either side.
    const signature = signatures.trim();
    if (signature.length === 0) return -1;
    for (let i = 0; i < keys.length; i++) {
      if (equalsHexText(hmacHex(algorithm, keys[i]!, data), signature)) return i;
    }
    return -1;
  }
  if (hmacSync && encoding === "hex" && typeof signatures === "string") {
    // One hex signature, a synchronous HMAC: compared against the hex text directly, no decoding.
    const signature = signatures.trim();
    if (signature.length === 0 || signature.length % 2 !== 0) return -1;
    const native = cryptoBackend.equalsHex;
    if (native) {
      for (let i = 0; i < keys.length; i++) {
        if (native(hmacSync(algorithm, keys[i]!, data), signature)) return i;
      }
      return -1;
    }
    if (!isHex(signature)) return -1;
    for (let i = 0; i < keys.length; i++) {
      if (equalsHex(hmacSync(algorithm, keys[i]!, data), signature)) return i;
    }
    return -1;
  }
  const candidates = decodeCandidates(signatures, encoding);
  if (candidates.length === 0) return -1;
  if (hmacSync) {
    // Node: no promise per key; one resolved promise for the answer.
    for (let i = 0; i < keys.length; i++) {
      if (matchesAny(hmacSync(algorithm, keys[i]!, data), candidates)) return i;
    }
    return -1;
  }
  return verifyHmacAsync(algorithm, keys, data, candidates);
}

/** True when every character is a hex digit (either case). */
function isHex(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/**
 * Compare a lower-case hex MAC with a hex signature in either case, in time that depends only on the
 * lengths: `| 0x20` lower-cases A–F and leaves digits as they are. The only other characters it maps
 * onto a hex digit are the controls 0x10–0x19, refused by the sign bit of `c - 0x20`; so a signature
 * that is not hex never matches, with no separate pass to check it.
 */
function equalsHexText(expected: string, received: string): boolean {
  if (expected.length !== received.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const c = received.charCodeAt(i);
    diff |= (expected.charCodeAt(i) ^ (c | 0x20)) | ((c - 0x20) >> 31);
  }
  return diff === 0;
}

/** Compare bytes with a (valid) hex string in time that depends only on the lengths. */
function equalsHex(bytes: Uint8Array, hex: string): boolean {
  if (hex.length !== bytes.length * 2) return false;
  let diff = 0;
  for (let i = 0, j = 0; i < bytes.length; i++, j += 2) {
    const hi = hex.charCodeAt(j);
    const lo = hex.charCodeAt(j + 1);
    // hex digit value without a table or a branch on the secret: '0'-'9' → 0-9, 'a'-'f'/'A'-'F' → 10-15
    const value = ((((hi & 0xf) + (hi >> 6) * 9) & 0xf) << 4) | (((lo & 0xf) + (lo >> 6) * 9) & 0xf);
    diff |= bytes[i]! ^ value;
  }
  return diff === 0;
}

function decodeCandidates(signatures: string | readonly string[], encoding: SignatureEncoding): Uint8Array[] {
  const candidates: Uint8Array[] = [];
  for (const signature of typeof signatures === "string" ? [signatures] : signatures) {
    const decoded = decodeBytes(signature.trim(), encoding);
    if (decoded) candidates.push(decoded);
  }
  return candidates;
}

/** Constant time over all candidates: no early exit on the first match. */
function matchesAny(expected: Uint8Array, candidates: readonly Uint8Array[]): boolean {
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  return matched;
}

async function verifyHmacAsync(
  algorithm: HmacAlgorithm,
  keys: readonly KeyInput[],
  data: MacInput,
  candidates: readonly Uint8Array[],
): Promise<number> {
  for (let i = 0; i < keys.length; i++) {
    if (matchesAny(await cryptoBackend.hmac(algorithm, keys[i]!, data), candidates)) return i;
  }
  return -1;
}

/**
 * Cryptographically random bytes.
 *
 * @example
 * ```ts
 * const secret = "whsec_" + toBase64(randomBytes(32));
 * ```
 */
export function randomBytes(length: number): Uint8Array {
  return cryptoBackend.randomBytes(length);
}

/**
 * SHA digest of `data`.
 *
 * @example
 * ```ts
 * const hash = await digest("SHA-256", body);
 * ```
 */
export function digest(algorithm: HmacAlgorithm, data: Uint8Array | string): Promise<Uint8Array> {
  return cryptoBackend.digest(algorithm, data);
}

/**
 * Verify an Ed25519 signature with a raw 32-byte public key.
 *
 * @example
 * ```ts
 * const ok = await ed25519Verify(publicKey, signature, utf8(timestamp + body));
 * ```
 */
export function ed25519Verify(
  publicKey: Uint8Array,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  return cryptoBackend.ed25519Verify(publicKey, signature, data);
}

/**
 * Sign with an Ed25519 32-byte private seed.
 *
 * @example
 * ```ts
 * const signature = await ed25519Sign(seed, utf8(message));
 * ```
 */
export function ed25519Sign(privateSeed: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  return cryptoBackend.ed25519Sign(privateSeed, data);
}

/**
 * The raw public key of an Ed25519 private seed.
 *
 * @example
 * ```ts
 * const publicKey = await ed25519PublicKey(seed);
 * ```
 */
export function ed25519PublicKey(privateSeed: Uint8Array): Promise<Uint8Array> {
  return cryptoBackend.ed25519PublicKey(privateSeed);
}

/**
 * Verify an RSASSA-PKCS1-v1_5 / SHA-256 signature with a DER SubjectPublicKeyInfo.
 *
 * @example
 * ```ts
 * const ok = await rsaSha256Verify(spki, signature, utf8(message));
 * ```
 */
export function rsaSha256Verify(spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return cryptoBackend.rsaSha256Verify(spki, signature, data);
}

/**
 * Verify an ECDSA P-256 / SHA-256 signature (DER, as SendGrid sends it) with a DER
 * SubjectPublicKeyInfo; `false` for a malformed key or signature.
 *
 * @example
 * ```ts
 * const ok = await ecdsaP256Verify(fromBase64(publicKey)!, fromBase64(signature)!, utf8(timestamp + body));
 * ```
 */
export function ecdsaP256Verify(spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return cryptoBackend.ecdsaP256Verify(spki, signature, data);
}

/**
 * Sign with an ECDSA P-256 PKCS#8 private key over SHA-256; the signature is DER-encoded.
 *
 * @example
 * ```ts
 * const signature = await ecdsaP256Sign(pkcs8, utf8(timestamp + body));
 * ```
 */
export function ecdsaP256Sign(pkcs8: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  return cryptoBackend.ecdsaP256Sign(pkcs8, data);
}

/**
 * The DER SubjectPublicKeyInfo of an ECDSA P-256 PKCS#8 private key.
 *
 * @example
 * ```ts
 * const spki = await ecdsaP256PublicKey(pkcs8);
 * ```
 */
export function ecdsaP256PublicKey(pkcs8: Uint8Array): Promise<Uint8Array> {
  return cryptoBackend.ecdsaP256PublicKey(pkcs8);
}

export type { CryptoBackend, HmacAlgorithm, KeyInput, MacInput };
