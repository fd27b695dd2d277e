import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8 } from "../encoding.js";
import { cryptoBackend, timingSafeEqual, verifyHmac } from "./index.js";
import { backend as nodeBackend } from "./node.js";
import type { CryptoBackend } from "./types.js";
import { backend as webBackend } from "./web.js";

// RFC 4231 test case 2 and the example from GitHub's "Validating webhook deliveries" documentation.
const RFC4231 = {
  key: "Jefe",
  data: "what do ya want for nothing?",
  sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  sha512:
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
};
const GITHUB_DOC = {
  secret: "It's a Secret to Everybody",
  payload: "Hello, World!",
  signature: "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};
// RFC 8032, section 7.1, TEST 2.
const ED25519 = {
  seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
  publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
  message: "72",
  signature:
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
};

describe.each<[string, CryptoBackend]>([
  ["node", nodeBackend],
  ["web", webBackend],
])("%s crypto build", (_, backend) => {
  it("computes HMAC-SHA256 and SHA512 per RFC 4231", async () => {
    expect(toHex(await backend.hmac("SHA-256", RFC4231.key, RFC4231.data))).toBe(RFC4231.sha256);
    expect(toHex(await backend.hmac("SHA-512", utf8(RFC4231.key), utf8(RFC4231.data)))).toBe(RFC4231.sha512);
  });

  it("reproduces GitHub's documented signature", async () => {
    expect(toHex(await backend.hmac("SHA-256", GITHUB_DOC.secret, GITHUB_DOC.payload))).toBe(
      GITHUB_DOC.signature,
    );
  });

  it("computes HMAC-SHA1 and digests", async () => {
    expect(toHex(await backend.hmac("SHA-1", "key", "The quick brown fox jumps over the lazy dog"))).toBe(
      "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
    );
    expect(toHex(await backend.digest("SHA-256", "abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("signs and verifies Ed25519 per RFC 8032", async () => {
    const seed = fromHex(ED25519.seed)!;
    expect(toHex(await backend.ed25519PublicKey(seed))).toBe(ED25519.publicKey);
    const signature = await backend.ed25519Sign(seed, fromHex(ED25519.message)!);
    expect(toHex(signature)).toBe(ED25519.signature);
    expect(
      await backend.ed25519Verify(fromHex(ED25519.publicKey)!, signature, fromHex(ED25519.message)!),
    ).toBe(true);
    expect(await backend.ed25519Verify(fromHex(ED25519.publicKey)!, signature, utf8("s"))).toBe(false);
    expect(await backend.ed25519Verify(new Uint8Array(3), signature, utf8("r"))).toBe(false);
  });

  it("agrees with the other build for arbitrary keys and bodies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.uint8Array({ maxLength: 2048 }),
        async (key, body) => {
          const a = await backend.hmac("SHA-256", key, body);
          const b = await (backend === nodeBackend ? webBackend : nodeBackend).hmac("SHA-256", key, body);
          expect(toHex(a)).toBe(toHex(b));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("MACs several parts exactly as their concatenation", async () => {
    const whole = await backend.hmac("SHA-256", "k", utf8('1700000000.{"a":1}'));
    expect(toHex(await backend.hmac("SHA-256", "k", ["1700000000.", utf8('{"a":1}')]))).toBe(toHex(whole));
  });

  it("returns distinct random bytes", () => {
    expect(toHex(backend.randomBytes(16))).not.toBe(toHex(backend.randomBytes(16)));
    expect(backend.randomBytes(24)).toHaveLength(24);
  });
});

describe("crypto selection and helpers", () => {
  it("uses node:crypto on Node", () => {
    expect(cryptoBackend.name).toBe("node");
  });

  it("compares in constant time only equal lengths", () => {
    expect(timingSafeEqual(utf8("abc"), utf8("abc"))).toBe(true);
    expect(timingSafeEqual(utf8("abc"), utf8("abd"))).toBe(false);
    expect(timingSafeEqual(utf8("abc"), utf8("abcd"))).toBe(false);
  });

  it("verifyHmac returns the index of the matching secret (rotation) or -1", async () => {
    const body = utf8(GITHUB_DOC.payload);
    expect(await verifyHmac("SHA-256", ["old", GITHUB_DOC.secret], body, GITHUB_DOC.signature, "hex")).toBe(
      1,
    );
    expect(await verifyHmac("SHA-256", ["old"], body, GITHUB_DOC.signature, "hex")).toBe(-1);
    expect(await verifyHmac("SHA-256", [GITHUB_DOC.secret], body, "not-hex", "hex")).toBe(-1);
    expect(await verifyHmac("SHA-256", [GITHUB_DOC.secret], body, ["zz", GITHUB_DOC.signature], "hex")).toBe(
      0,
    );
  });

  it("any one-byte change to the body or the signature fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (secret, body, position, delta) => {
          const signature = toHex(await cryptoBackend.hmac("SHA-256", secret, body));
          expect(await verifyHmac("SHA-256", [secret], body, signature, "hex")).toBe(0);
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = (tampered[i]! + delta) % 256;
          expect(await verifyHmac("SHA-256", [secret], tampered, signature, "hex")).toBe(-1);
          const sigBytes = fromHex(signature)!;
          sigBytes[i % sigBytes.length] = (sigBytes[i % sigBytes.length]! + delta) % 256;
          expect(await verifyHmac("SHA-256", [secret], body, toHex(sigBytes), "hex")).toBe(-1);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("verifyHmac with one hex signature (the compare-against-hex path)", () => {
  it("matches lower- and upper-case hex, picks the key index, refuses tampered, short and non-hex signatures", async () => {
    const { hmacString, verifyHmac } = await import("./index.js");
    const good = await hmacString("SHA-256", "second", "payload", "hex");
    expect(await verifyHmac("SHA-256", ["first", "second"], "payload", good, "hex")).toBe(1);
    expect(await verifyHmac("SHA-256", ["second"], "payload", ` ${good.toUpperCase()} `, "hex")).toBe(0);
    const flipped = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
    expect(await verifyHmac("SHA-256", ["second"], "payload", flipped, "hex")).toBe(-1);
    expect(await verifyHmac("SHA-256", ["second"], "payload", good.slice(0, -2), "hex")).toBe(-1);
    expect(await verifyHmac("SHA-256", ["second"], "payload", `${good.slice(0, -1)}g`, "hex")).toBe(-1);
    expect(await verifyHmac("SHA-256", ["second"], "payload", "", "hex")).toBe(-1);
  });
});

describe("verifyHmacNow", () => {
  it("answers synchronously with a number where the backend hashes synchronously (Node), like verifyHmac", async () => {
    const { verifyHmacNow } = await import("./index.js");
    const body = new TextEncoder().encode(GITHUB_DOC.payload);
    const hex = verifyHmacNow("SHA-256", ["old", GITHUB_DOC.secret], body, GITHUB_DOC.signature, "hex");
    const wrong = verifyHmacNow("SHA-256", ["old"], body, GITHUB_DOC.signature, "hex");
    if (cryptoBackend.hmacSync) {
      expect(hex).toBe(1);
      expect(wrong).toBe(-1);
    } else {
      expect(await hex).toBe(1);
      expect(await wrong).toBe(-1);
    }
    expect(await verifyHmac("SHA-256", ["old", GITHUB_DOC.secret], body, GITHUB_DOC.signature, "hex")).toBe(
      1,
    );
  });
});
