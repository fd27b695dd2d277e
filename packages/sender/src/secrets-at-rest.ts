import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { WebhookError } from "@hookwire/core";

const PREFIX = "enc:v1:";

/**
 * A key for secrets at rest: 32 bytes, as base64 or hex, or any passphrase (hashed to 32 bytes).
 *
 * @example
 * ```ts
 * const key: EncryptionKey = process.env.HOOKWIRE_SECRET_KEY!; // e.g. `openssl rand -base64 32`
 * ```
 */
export type EncryptionKey = string;

function keyBytes(key: EncryptionKey): Buffer {
  const b64 = Buffer.from(key, "base64");
  if (b64.length === 32 && b64.toString("base64") === key) return b64;
  if (/^[0-9a-f]{64}$/i.test(key)) return Buffer.from(key, "hex");
  return createHash("sha256").update(key).digest();
}

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/**
 * Encrypts subscription secrets with AES-256-GCM. Several keys may be given: the first encrypts,
 * all decrypt (rotate by putting the new key first; `reencrypt` moves old values to it).
 *
 * @example
 * ```ts
 * const box = new SecretBox([newKey, oldKey]);
 * const sealed = box.encrypt("whsec_…"); // "enc:v1:…"
 * box.decrypt(sealed);                   // "whsec_…"
 * ```
 */
export class SecretBox {
  private readonly keys: Array<{ id: string; bytes: Buffer }>;

  constructor(keys: EncryptionKey | readonly EncryptionKey[]) {
    const list = typeof keys === "string" ? [keys] : [...keys];
    if (list.length === 0) {
      throw new WebhookError("CONFIGURATION_INVALID", "[@hookwire/sender] secretEncryptionKey is empty.");
    }
    this.keys = list.map((k) => {
      const bytes = keyBytes(k);
      return { id: keyId(bytes), bytes };
    });
  }

  /** Encrypt a secret: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64 parts). */
  encrypt(plain: string): string {
    const key = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `${PREFIX}${key.id}:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
  }

  /** Decrypt a value from {@link encrypt}; plain values (stored before encryption was on) pass through. */
  decrypt(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    const [id, iv, tag, data] = value.slice(PREFIX.length).split(":") as [string, string, string, string];
    const key = this.keys.find((k) => k.id === id);
    if (!key) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[@hookwire/sender] A secret was encrypted with key ${id}, which is not in secretEncryptionKey. Add the old key after the new one.`,
      );
    }
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  }

  /** True when the value is not encrypted with the current (first) key. */
  isStale(value: string): boolean {
    return !value.startsWith(`${PREFIX}${this.keys[0]!.id}:`);
  }
}
