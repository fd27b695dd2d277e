/** HMAC hash algorithms that webhook providers use. */
export type HmacAlgorithm = "SHA-1" | "SHA-256" | "SHA-512";

/** Key material: a string (used as its UTF-8 bytes) or raw bytes. */
export type KeyInput = string | Uint8Array;

/** Data to MAC: bytes, a string (UTF-8), or several parts MACed in order as if concatenated. */
export type MacInput = Uint8Array | string | readonly (Uint8Array | string)[];

/** The crypto primitives Hookwire needs; a Node build and a Web Crypto build implement the same shape. */
export interface CryptoBackend {
  /** Which build this is. */
  readonly name: "node" | "web";
  /** HMAC of `data` under `key`. */
  hmac(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): Promise<Uint8Array>;
  /** A synchronous HMAC, where the platform has one (Node); saves a promise per verification. */
  hmacSync?(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): Uint8Array;
  /**
   * A synchronous HMAC as lower-case hex, where the platform has one (Node): one native call, no
   * buffers to allocate or decode — the cheapest way to check a hex signature.
   */
  hmacHex?(algorithm: HmacAlgorithm, key: KeyInput, data: MacInput): string;
  /**
   * Compare a MAC with a hex signature (either case) in constant time, natively where the platform
   * can (Node); `false` for a malformed signature.
   */
  equalsHex?(mac: Uint8Array, hex: string): boolean;
  /** A plain digest. */
  digest(algorithm: HmacAlgorithm, data: Uint8Array | string): Promise<Uint8Array>;
  /** Ed25519 verification with a raw 32-byte public key. */
  ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /** Ed25519 signature with a raw 32-byte private seed. */
  ed25519Sign(privateSeed: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** The raw 32-byte public key of an Ed25519 private seed. */
  ed25519PublicKey(privateSeed: Uint8Array): Promise<Uint8Array>;
  /** RSASSA-PKCS1-v1_5 verification over SHA-256 with a DER SubjectPublicKeyInfo. */
  rsaSha256Verify(spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /**
   * ECDSA P-256 / SHA-256 verification with a DER SubjectPublicKeyInfo and a DER signature
   * (`false` for a malformed key or signature).
   */
  ecdsaP256Verify(spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /** ECDSA P-256 / SHA-256 signature, DER-encoded, with a PKCS#8 private key. */
  ecdsaP256Sign(pkcs8: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** The DER SubjectPublicKeyInfo of a PKCS#8 P-256 private key. */
  ecdsaP256PublicKey(pkcs8: Uint8Array): Promise<Uint8Array>;
  /** Cryptographically random bytes. */
  randomBytes(length: number): Uint8Array;
}
