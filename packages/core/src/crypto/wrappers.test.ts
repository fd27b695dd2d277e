// The public crypto functions hand their arguments to the selected build and return its answer.
import { createHash, createHmac, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8 } from "../encoding.js";
import {
  digest,
  ecdsaP256PublicKey,
  ed25519PublicKey,
  encodeBytes,
  hmac,
  randomBytes,
  rsaSha256Verify,
} from "./index.js";

describe("the public crypto functions", () => {
  it("compute what node:crypto computes", async () => {
    expect(toHex(await hmac("SHA-256", "key", "data"))).toBe(
      createHmac("sha256", "key").update("data").digest("hex"),
    );
    expect(toHex(await digest("SHA-512", "abc"))).toBe(createHash("sha512").update("abc").digest("hex"));
    expect(randomBytes(20)).toHaveLength(20);
    // RFC 8032 section 7.1, TEST 2
    expect(
      toHex(
        await ed25519PublicKey(fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")!),
      ),
    ).toBe("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pkcs8 = new Uint8Array(ec.privateKey.export({ type: "pkcs8", format: "der" }));
    expect(toHex(await ecdsaP256PublicKey(pkcs8))).toBe(
      toHex(ec.publicKey.export({ type: "spki", format: "der" })),
    );
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const data = utf8("signed");
    const spki = new Uint8Array(rsa.publicKey.export({ type: "spki", format: "der" }));
    expect(await rsaSha256Verify(spki, new Uint8Array(sign("sha256", data, rsa.privateKey)), data)).toBe(
      true,
    );
  });

  it("encodeBytes drops all of base64url's padding", () => {
    expect(encodeBytes(new Uint8Array([0x68]), "base64url")).toBe("aA");
    expect(encodeBytes(new Uint8Array([0x68]), "base64")).toBe("aA==");
  });
});
