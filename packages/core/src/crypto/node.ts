import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type Hmac,
  type KeyObject,
  randomFillSync,
  sign,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { toBase64Url } from "../encoding.js";
import type { CryptoBackend, HmacAlgorithm, KeyInput, MacInput } from "./types.js";

const NODE_ALG: Record<HmacAlgorithm, string> = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512" };

const publicKeys = new Map<string, KeyObject>();
function cached(key: string, make: () => KeyObject): KeyObject {
  let value = publicKeys.get(key);
  if (!value) {
    value = make();
    if (publicKeys.size > 256) publicKeys.clear();
    publicKeys.set(key, value);
  }
  return value;
}

function edPublic(raw: Uint8Array): KeyObject {
  const x = toBase64Url(raw);
  return cached(`ed:${x}`, () => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }));
}

// HMAC keys as KeyObjects, made once per secret: \`createHmac\` with a KeyObject skips converting and
// copying the key on every request (about a tenth of an HMAC over a 1 KiB body). Strings are keyed by
// value (bounded, like the public keys above); byte keys by identity, since the Uint8Arrays Hookwire
// passes here are decoded once per secret and never written to afterwards.
const stringKeys = new Map<string, KeyObject>();
const byteKeys = new WeakMap<Uint8Array, KeyObject>();
function hmacKey(key: KeyInput): KeyObject | KeyInput {
  if (typeof key === "string") {
    let value = stringKeys.get(key);
    if (value === undefined) {
      // an empty key cannot be a KeyObject; createHmac takes it as it is
      if (key.length === 0) return key;
      value = createSecretKey(key, "utf8");
      if (stringKeys.size >= 256) stringKeys.clear();
      stringKeys.set(key, value);
    }
    return value;
  }
  let value = byteKeys.get(key);
  if (value === undefined) {
    if (key.length === 0) return key;
    value = createSecretKey(key);
    byteKeys.set(key, value);
  }
  return value;
}

/** HMAC over one or several parts, fed to the MAC in order: no concatenated copy of a large body. */
function macOf(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): Hmac {
  const mac = createHmac(NODE_ALG[algorithm], hmacKey(key));
  if (typeof data === "string" || data instanceof Uint8Array) mac.update(data);
  else for (const part of data) mac.update(part);
  return mac;
}

function macSync(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): Uint8Array {
  return macOf(algorithm, key, data).digest();
}

/** The Node build of Hookwire's crypto, on `node:crypto` (several times faster than Web Crypto for small bodies). */
export const backend: CryptoBackend = {
  name: "node",
  async hmac(algorithm, key: KeyInput, data) {
    return macSync(algorithm, key, data);
  },
  hmacSync: macSync,
  hmacHex(algorithm, key, data) {
    // digest("hex") costs less than digest() alone: Node encodes natively, no Buffer is made.
    return macOf(algorithm, key, data).digest("hex");
  },
  equalsHex(mac, hex) {
    // Node's hex decoder stops at the first character that is not hex: a length check catches it.
    const received = Buffer.from(hex, "hex");
    return (
      received.length * 2 === hex.length && received.length === mac.length && timingSafeEqual(mac, received)
    );
  },
  async digest(algorithm, data) {
    return createHash(NODE_ALG[algorithm]).update(data).digest();
  },
  async ed25519Verify(publicKey, signature, data) {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return verify(null, data, edPublic(publicKey), signature);
    } catch {
      return false;
    }
  },
  async ed25519Sign(seed, data) {
    const key = createPrivateKey({
      key: {
        kty: "OKP",
        crv: "Ed25519",
        d: toBase64Url(seed),
        x: toBase64Url(await this.ed25519PublicKey(seed)),
      },
      format: "jwk",
    });
    return sign(null, data, key);
  },
  async ed25519PublicKey(seed) {
    // PKCS#8 prefix for an Ed25519 private key followed by the 32-byte seed.
    const prefix = Uint8Array.from([
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]);
    const der = new Uint8Array(prefix.length + seed.length);
    der.set(prefix);
    der.set(seed, prefix.length);
    const jwk = createPublicKey(
      createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" }),
    ).export({
      format: "jwk",
    });
    return new Uint8Array(Buffer.from(jwk.x as string, "base64url"));
  },
  async rsaSha256Verify(spki, signature, data) {
    try {
      const key = cached(`rsa:${toBase64Url(spki)}`, () =>
        createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }),
      );
      // node:crypto picks the algorithm from the key: an EC key would verify an ECDSA signature here
      if (key.asymmetricKeyType !== "rsa") return false;
      return verify("sha256", data, key, signature);
    } catch {
      return false;
    }
  },
  async ecdsaP256Verify(spki, signature, data) {
    try {
      const key = cached(`ec:${toBase64Url(spki)}`, () =>
        createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }),
      );
      const details = key.asymmetricKeyDetails;
      if (key.asymmetricKeyType !== "ec" || details?.namedCurve !== "prime256v1") return false;
      return verify("sha256", data, { key, dsaEncoding: "der" }, signature);
    } catch {
      return false;
    }
  },
  async ecdsaP256Sign(pkcs8, data) {
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
    return new Uint8Array(sign("sha256", data, { key, dsaEncoding: "der" }));
  },
  async ecdsaP256PublicKey(pkcs8) {
    const key = createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }));
    return new Uint8Array(key.export({ format: "der", type: "spki" }));
  },
  randomBytes(length) {
    return randomFillSync(new Uint8Array(length));
  },
};
