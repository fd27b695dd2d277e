// Each crypto build on its own, for what the shared tests do not reach: the Node build's native hex
// comparison, the P-256 key check, the Web build's key cache and its Ed25519 public-key decoding
// (cases found by mutation testing, see docs/mutation.md). Expected values come from node:crypto.
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from "node:crypto";
import { describe, expect, it } from "vitest";
import { toHex, utf8 } from "../encoding.js";
import { backend as nodeBackend } from "./node.js";
import type { CryptoBackend } from "./types.js";
import { backend as webBackend } from "./web.js";

const DATA = utf8('1700000000.{"event":"ping"}');

describe.each<[string, CryptoBackend]>([
  ["node", nodeBackend],
  ["web", webBackend],
])("%s build", (name, backend) => {
  it("names itself", () => {
    expect(backend.name).toBe(name);
  });

  it("verifies ECDSA over P-256 only: another curve's or an RSA key's own valid signature is refused", async () => {
    const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const spki = (key: { export(o: { type: "spki"; format: "der" }): Buffer }) =>
      new Uint8Array(key.export({ type: "spki", format: "der" }));
    const der = (key: Parameters<typeof sign>[2]) => new Uint8Array(sign("sha256", DATA, key));
    expect(await backend.ecdsaP256Verify(spki(p256.publicKey), der(p256.privateKey), DATA)).toBe(true);
    for (const curve of ["P-384", "secp256k1"]) {
      const pair = generateKeyPairSync("ec", { namedCurve: curve });
      expect([
        curve,
        await backend.ecdsaP256Verify(spki(pair.publicKey), der(pair.privateKey), DATA),
      ]).toEqual([curve, false]);
    }
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect(await backend.ecdsaP256Verify(spki(rsa.publicKey), der(rsa.privateKey), DATA)).toBe(false);
  });

  it("derives Ed25519 public keys whose base64url has '-' and '_' as node:crypto does", async () => {
    let seen = "";
    for (let i = 0; !(seen.includes("-") && seen.includes("_")); i++) {
      const seed = new Uint8Array(createHash("sha256").update(`seed ${i}`).digest());
      const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
      const x = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({
        format: "jwk",
      }).x as string;
      expect(toHex(await backend.ed25519PublicKey(seed))).toBe(Buffer.from(x, "base64url").toString("hex"));
      seen += x;
    }
  });
});

describe("node build: native hex comparison", () => {
  it("refuses a signature with text after the MAC's hex, which Node's hex decoder would stop at", () => {
    const mac = new Uint8Array(createHmac("sha256", "k").update(DATA).digest());
    const hex = toHex(mac);
    const equalsHex = nodeBackend.equalsHex!;
    expect(equalsHex(mac, hex)).toBe(true);
    expect(equalsHex(mac, hex.toUpperCase())).toBe(true);
    for (const bad of [
      `${hex}zz`,
      `${hex}0g`,
      `${hex}g`,
      `${hex.slice(0, -2)}zz`,
      `${hex.slice(0, 10)}x${hex.slice(10)}`,
    ]) {
      expect([bad, equalsHex(mac, bad)]).toEqual([bad, false]);
    }
  });
});

describe("web build: cached HMAC keys", () => {
  it("keeps a byte key and a string key apart even when the string reads like the bytes", async () => {
    // Uint8Array [7, 8, 9] prints as "7,8,9": a cache keyed by that text would hand one's key to the other
    const bytes = Uint8Array.from([7, 8, 9]);
    const expected = (key: string | Uint8Array) => createHmac("sha256", key).update(DATA).digest("hex");
    expect(toHex(await webBackend.hmac("SHA-256", bytes, DATA))).toBe(expected(bytes));
    expect(toHex(await webBackend.hmac("SHA-256", "7,8,9", DATA))).toBe(expected("7,8,9"));
    expect(toHex(await webBackend.hmac("SHA-256", "10,11", DATA))).toBe(expected("10,11"));
    expect(toHex(await webBackend.hmac("SHA-256", Uint8Array.from([10, 11]), DATA))).toBe(
      expected(Uint8Array.from([10, 11])),
    );
  });

  it("keeps one byte key's algorithms apart", async () => {
    const key = utf8("per-algorithm");
    expect(toHex(await webBackend.hmac("SHA-256", key, DATA))).toBe(
      createHmac("sha256", key).update(DATA).digest("hex"),
    );
    expect(toHex(await webBackend.hmac("SHA-512", key, DATA))).toBe(
      createHmac("sha512", key).update(DATA).digest("hex"),
    );
    expect(toHex(await webBackend.hmac("SHA-256", key, DATA))).toBe(
      createHmac("sha256", key).update(DATA).digest("hex"),
    );
  });
});
