// rsaSha256Verify (RSASSA-PKCS1-v1_5 with SHA-256, the scheme of PayPal's webhook signatures) on both builds.
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../encoding.js";
import { backend as nodeBackend } from "./node.js";
import type { CryptoBackend } from "./types.js";
import { backend as webBackend } from "./web.js";

const spkiOf = (pair: { publicKey: { export(o: { type: "spki"; format: "der" }): Buffer } }) =>
  new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" }));

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pss = generateKeyPairSync("rsa-pss", { modulusLength: 2048 });
const ed = generateKeyPairSync("ed25519");
const DATA = utf8("tx-1|2026-12-02T09:00:00Z|WH-1|3421780262");

describe.each<[string, CryptoBackend]>([
  ["node", nodeBackend],
  ["web", webBackend],
])("%s build: rsaSha256Verify", (_, backend) => {
  it("verifies a SHA256withRSA signature made by node:crypto, over exactly the signed bytes", async () => {
    const signature = new Uint8Array(sign("sha256", DATA, rsa.privateKey));
    expect(await backend.rsaSha256Verify(spkiOf(rsa), signature, DATA)).toBe(true);
    expect(
      await backend.rsaSha256Verify(
        spkiOf(rsa),
        signature,
        utf8("tx-2|2026-12-02T09:00:00Z|WH-1|3421780262"),
      ),
    ).toBe(false);
    const flipped = new Uint8Array(signature);
    flipped[0]! ^= 1;
    expect(await backend.rsaSha256Verify(spkiOf(rsa), flipped, DATA)).toBe(false);
    // SHA-1 over the same bytes is another signature
    expect(
      await backend.rsaSha256Verify(spkiOf(rsa), new Uint8Array(sign("sha1", DATA, rsa.privateKey)), DATA),
    ).toBe(false);
  });

  it("is false for keys that are not RSA, even with their own valid signature, and for a malformed key", async () => {
    expect(
      await backend.rsaSha256Verify(spkiOf(ec), new Uint8Array(sign("sha256", DATA, ec.privateKey)), DATA),
    ).toBe(false);
    expect(
      await backend.rsaSha256Verify(spkiOf(ed), new Uint8Array(sign(null, DATA, ed.privateKey)), DATA),
    ).toBe(false);
    expect(
      await backend.rsaSha256Verify(spkiOf(pss), new Uint8Array(sign("sha256", DATA, pss.privateKey)), DATA),
    ).toBe(false);
    const signature = new Uint8Array(sign("sha256", DATA, rsa.privateKey));
    expect(await backend.rsaSha256Verify(spkiOf(rsa).subarray(1), signature, DATA)).toBe(false);
  });
});
