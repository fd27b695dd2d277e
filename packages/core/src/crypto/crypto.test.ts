import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromHex, toHex, utf8 } from "../encoding.js";
import { derToP1363, p1363ToDer } from "./ecdsa-der.js";
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

// The single-event vector of @sendgrid/eventwebhook's own tests (src/eventwebhook.spec.js, v8.0.0):
// ECDSA P-256 / SHA-256 over timestamp + body, DER signature, base64 SPKI key.
const SENDGRID = {
  publicKey:
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==",
  signature:
    "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
  signed: `1600112502${JSON.stringify([
    {
      email: "hello@world.com",
      event: "dropped",
      reason: "Bounced Address",
      sg_event_id: "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
      sg_message_id: "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
      "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",
      timestamp: 1600112492,
    },
  ])}\r\n`,
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

  it("verifies SendGrid's published ECDSA P-256 vector (DER signature) and refuses it altered", async () => {
    const spki = fromBase64(SENDGRID.publicKey)!;
    const signature = fromBase64(SENDGRID.signature)!;
    expect(await backend.ecdsaP256Verify(spki, signature, utf8(SENDGRID.signed))).toBe(true);
    expect(await backend.ecdsaP256Verify(spki, signature, utf8(`${SENDGRID.signed} `))).toBe(false);
    expect(await backend.ecdsaP256Verify(spki, signature.subarray(1), utf8(SENDGRID.signed))).toBe(false);
    expect(await backend.ecdsaP256Verify(spki.subarray(2), signature, utf8(SENDGRID.signed))).toBe(false);
    // an Ed25519 key is not a P-256 key
    const ed = fromHex(`302a300506032b6570032100${ED25519.publicKey}`)!;
    expect(await backend.ecdsaP256Verify(ed, signature, utf8(SENDGRID.signed))).toBe(false);
  });

  it("signs ECDSA P-256 in DER that the other build verifies, and derives the public key", async () => {
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    expect(toHex(await backend.ecdsaP256PublicKey(pkcs8))).toBe(toHex(spki));
    const other = backend === nodeBackend ? webBackend : nodeBackend;
    for (let i = 0; i < 8; i++) {
      const data = utf8(`1700000000[{"n":${i}}]\r\n`);
      const signature = await backend.ecdsaP256Sign(pkcs8, data);
      expect(signature[0]).toBe(0x30);
      expect(await other.ecdsaP256Verify(spki, signature, data)).toBe(true);
      expect(await backend.ecdsaP256Verify(spki, signature, data)).toBe(true);
      expect(await other.ecdsaP256Verify(spki, signature, utf8("x"))).toBe(false);
    }
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

describe("ECDSA signature encodings", () => {
  it("converts DER to r || s and back, and refuses what is not strict DER", () => {
    const der = fromBase64(SENDGRID.signature)!;
    const raw = derToP1363(der, 32)!;
    expect(raw).toHaveLength(64);
    expect(toHex(p1363ToDer(raw))).toBe(toHex(der));
    // r with its high bit set gains a zero byte; a short s is left-padded
    const high = new Uint8Array(64).fill(0x80);
    high.fill(0, 32, 63);
    high[63] = 5;
    const encoded = p1363ToDer(high);
    expect(toHex(encoded)).toBe(`3026022100${"80".repeat(32)}020105`);
    expect(toHex(derToP1363(encoded, 32)!)).toBe(toHex(high));
    for (const bad of [
      der.subarray(0, der.length - 1),
      Uint8Array.from([...der, 0]),
      Uint8Array.from([0x31, ...der.subarray(1)]),
      fromHex("3006020100020100")!.subarray(0, 7),
      fromHex("300702020001020105")!, // r with a needless leading zero
      fromHex("3006020180020105")!, // negative r
      fromHex(`30260221${"01".repeat(33)}020105`)!, // r longer than 32 bytes
    ]) {
      expect(derToP1363(bad, 32)).toBeUndefined();
    }
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
    // a character that only lower-cases onto a hex digit (0x15 | 0x20 is "5") is not hex
    const digit = good.search(/\d/);
    const control = `${good.slice(0, digit)}${String.fromCharCode(good.charCodeAt(digit) & ~0x20)}${good.slice(digit + 1)}`;
    expect(await verifyHmac("SHA-256", ["second"], "payload", control, "hex")).toBe(-1);
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
