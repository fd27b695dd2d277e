import { concatBytes, utf8 } from "../encoding.js";
import { derToP1363, p1363ToDer } from "./ecdsa-der.js";
import type { CryptoBackend, HmacAlgorithm, KeyInput } from "./types.js";

const MAX_CACHED_KEYS = 256;
const hmacKeys = new Map<string, Promise<CryptoKey>>();
const byteKeys = new WeakMap<Uint8Array, Map<HmacAlgorithm, Promise<CryptoKey>>>();

function importHmac(algorithm: HmacAlgorithm, key: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: algorithm }, false, [
    "sign",
  ]);
}

/** Imported HMAC keys are cached: importing is most of the cost of a Web Crypto HMAC on small bodies. */
function hmacKey(algorithm: HmacAlgorithm, key: KeyInput): Promise<CryptoKey> {
  if (typeof key === "string") {
    const id = `${algorithm}:${key}`;
    let found = hmacKeys.get(id);
    if (!found) {
      found = importHmac(algorithm, utf8(key));
      if (hmacKeys.size >= MAX_CACHED_KEYS) hmacKeys.delete(hmacKeys.keys().next().value as string);
      hmacKeys.set(id, found);
    }
    return found;
  }
  let perKey = byteKeys.get(key);
  if (!perKey) {
    perKey = new Map();
    byteKeys.set(key, perKey);
  }
  let found = perKey.get(algorithm);
  if (!found) {
    found = importHmac(algorithm, key);
    perKey.set(algorithm, found);
  }
  return found;
}

const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

const P256: EcKeyImportParams = { name: "ECDSA", namedCurve: "P-256" };
const ECDSA_SHA256: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

function pkcs8(seed: Uint8Array): Uint8Array {
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
  der.set(PKCS8_ED25519_PREFIX);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  return der;
}

/** The Web build of Hookwire's crypto, on `crypto.subtle` with cached keys (edge runtimes, Deno, Bun, browsers). */
export const backend: CryptoBackend = {
  name: "web",
  async hmac(algorithm, key, data) {
    const k = await hmacKey(algorithm, key);
    const bytes = typeof data === "string" || data instanceof Uint8Array ? utf8(data) : concatBytes(...data);
    return new Uint8Array(await crypto.subtle.sign("HMAC", k, bytes as BufferSource));
  },
  async digest(algorithm, data) {
    return new Uint8Array(await crypto.subtle.digest(algorithm, utf8(data) as BufferSource));
  },
  async ed25519Verify(publicKey, signature, data) {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      const key = await crypto.subtle.importKey(
        "raw",
        publicKey as BufferSource,
        { name: "Ed25519" },
        false,
        ["verify"],
      );
      return await crypto.subtle.verify("Ed25519", key, signature as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  },
  async ed25519Sign(seed, data) {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      pkcs8(seed) as BufferSource,
      { name: "Ed25519" },
      false,
      ["sign"],
    );
    return new Uint8Array(await crypto.subtle.sign("Ed25519", key, data as BufferSource));
  },
  async ed25519PublicKey(seed) {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      pkcs8(seed) as BufferSource,
      { name: "Ed25519" },
      true,
      ["sign"],
    );
    const jwk = await crypto.subtle.exportKey("jwk", key);
    const x = (jwk.x ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(x + "=".repeat((4 - (x.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  },
  async rsaSha256Verify(spki, signature, data) {
    try {
      const key = await crypto.subtle.importKey(
        "spki",
        spki as BufferSource,
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["verify"],
      );
      return await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        signature as BufferSource,
        data as BufferSource,
      );
    } catch {
      return false;
    }
  },
  async ecdsaP256Verify(spki, signature, data) {
    // Web Crypto takes r || s; SendGrid and node:crypto give DER.
    const raw = derToP1363(signature, 32);
    if (raw === undefined) return false;
    try {
      const key = await crypto.subtle.importKey("spki", spki as BufferSource, P256, false, ["verify"]);
      return await crypto.subtle.verify(ECDSA_SHA256, key, raw as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  },
  async ecdsaP256Sign(pkcs8, data) {
    const key = await crypto.subtle.importKey("pkcs8", pkcs8 as BufferSource, P256, false, ["sign"]);
    return p1363ToDer(new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, key, data as BufferSource)));
  },
  async ecdsaP256PublicKey(pkcs8) {
    const key = await crypto.subtle.importKey("pkcs8", pkcs8 as BufferSource, P256, true, ["sign"]);
    const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", key);
    const publicKey = await crypto.subtle.importKey("jwk", { kty, crv, x, y }, P256, true, ["verify"]);
    return new Uint8Array(await crypto.subtle.exportKey("spki", publicKey));
  },
  randomBytes(length) {
    return crypto.getRandomValues(new Uint8Array(length));
  },
};
