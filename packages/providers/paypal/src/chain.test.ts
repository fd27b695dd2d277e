// The certificate readers and the chain checks on their own (cases found by mutation testing, see
// docs/mutation.md): DER lengths and times, PEM and DER input, which key signed which certificate.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { readCertificate } from "./certificate.js";
import { parseCertificate, pemCertificates, signedBy, validateChain } from "./chain.js";
import { derReader } from "./der.js";

const text = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const one = (name: string) => parseCertificate(pemCertificates(text(name))[0]!);
const ROOT = one("test-ca-root.pem");
const INTERMEDIATE = one("test-ca-intermediate.pem");
const LEAF = one("test-chain-leaf.pem");
const SELF_SIGNED = one("test-cert.pem");
const SUBJECTS = ["messageverificationcerts.sandbox.paypal.com"];

const { readNode, children, parseTime } = derReader((detail) => new Error(detail));
const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (value: string) => [...value].map((c) => c.charCodeAt(0));
const time = (tag: number, value: string) => {
  const der = bytes(tag, value.length, ...ascii(value));
  return parseTime(der, readNode(der, 0, der.length));
};
const messageOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe("the DER reader", () => {
  it("reads short and long definite lengths", () => {
    expect(readNode(bytes(0x04, 0x02, 1, 2), 0, 4)).toEqual({ tag: 0x04, start: 0, contentStart: 2, end: 4 });
    const long = new Uint8Array([0x04, 0x81, 0x80, ...new Uint8Array(0x80)]);
    expect(readNode(long, 0, long.length)).toEqual({ tag: 0x04, start: 0, contentStart: 3, end: 0x83 });
    const longer = new Uint8Array([0x04, 0x82, 0x01, 0x02, ...new Uint8Array(0x102)]);
    expect(readNode(longer, 0, longer.length).end).toBe(4 + 0x102);
    const sequence = bytes(0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07);
    expect(children(sequence, readNode(sequence, 0, 8)).map((n) => sequence[n.contentStart])).toEqual([5, 7]);
  });

  it("refuses indefinite and over-long lengths and anything past its limit", () => {
    expect(() => readNode(bytes(0x30, 0x80, 0, 0), 0, 4)).toThrow("bad DER length");
    expect(() => readNode(bytes(0x04, 0x85, 0, 0, 0, 0, 1, 0), 0, 8)).toThrow("bad DER length");
    expect(() => readNode(bytes(0x04, 0x82, 0x01), 0, 3)).toThrow("bad DER length");
    // four length bytes are read; length bytes that end exactly at the limit are complete
    expect(readNode(bytes(0x04, 0x84, 0, 0, 0, 1, 0xaa), 0, 7)).toEqual({
      tag: 0x04,
      start: 0,
      contentStart: 6,
      end: 7,
    });
    expect(readNode(bytes(0x04, 0x81, 0x00), 0, 3)).toEqual({ tag: 0x04, start: 0, contentStart: 3, end: 3 });
    expect(() => readNode(bytes(0x04), 0, 1)).toThrow("truncated DER");
    expect(() => readNode(bytes(0x04, 0x03, 1, 2), 0, 4)).toThrow("truncated DER");
    // the limit is the parent's end, not the buffer's
    expect(() => readNode(bytes(0x04, 0x02, 1, 2), 0, 3)).toThrow("truncated DER");
    expect(readNode(bytes(9, 0x04, 0x00), 1, 3)).toEqual({ tag: 0x04, start: 1, contentStart: 3, end: 3 });
  });

  it("reads UTCTime (years 1950–2049) and GeneralizedTime, to the second", () => {
    expect(time(0x17, "500101000000Z")).toBe(Date.UTC(1950, 0, 1));
    expect(time(0x17, "491231235959Z")).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
    expect(time(0x17, "261202030405Z")).toBe(Date.UTC(2026, 11, 2, 3, 4, 5));
    expect(time(0x18, "21220929231604Z")).toBe(Date.UTC(2122, 8, 29, 23, 16, 4));
    for (const [tag, value] of [
      [0x17, "2612020304Z"],
      [0x17, "261202030405"],
      [0x17, "x261202030405Z"],
      [0x18, "261202030405Z"],
      [0x18, "21220929231604Zx"],
      [0x17, "261202030405Zx"],
      [0x18, "x21220929231604Z"],
      [0x04, "261202030405Z"],
      [0x04, "21220929231604Z"],
    ] as const) {
      expect(() => time(tag, value)).toThrow("unreadable validity period");
    }
  });
});

describe("readCertificate", () => {
  it("reads DER bytes like the PEM text, and the certificate's own validity", () => {
    const pem = text("test-chain-leaf.pem");
    const der = pemCertificates(pem)[0]!;
    const x509 = new X509Certificate(pem);
    const info = readCertificate(der);
    expect(info).toEqual(readCertificate(pem));
    expect(info.notBefore).toBe(Date.parse(x509.validFrom));
    expect(info.notAfter).toBe(Date.parse(x509.validTo));
    expect(Buffer.from(info.spki)).toEqual(x509.publicKey.export({ type: "spki", format: "der" }));
  });

  it("says what is wrong", () => {
    const wrong = (input: string | Uint8Array) => {
      try {
        readCertificate(input);
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };
    const prefix = "[@hookwire/paypal] The signing certificate is not valid: ";
    expect(wrong("nope")).toBe(`${prefix}no PEM certificate found.`);
    expect(wrong("-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----")).toBe(`${prefix}bad base64.`);
    expect(wrong(bytes(0x02, 0x01, 0x00))).toBe(`${prefix}not a DER sequence.`);
    expect(wrong(bytes(0x30, 0x03, 0x02, 0x01, 0x00))).toBe(`${prefix}no tbsCertificate.`);
    expect(wrong(bytes(0x30, 0x04, 0x30, 0x02, 0x02, 0x00))).toBe(`${prefix}unexpected structure.`);
  });
});

describe("pemCertificates and parseCertificate", () => {
  it("takes PEM text, PEM bytes or one DER certificate, in order", () => {
    const chain = `${text("test-chain-leaf.pem")}${text("test-ca-intermediate.pem")}`;
    const fromText = pemCertificates(chain);
    expect(fromText).toHaveLength(2);
    expect(pemCertificates(new TextEncoder().encode(chain))).toEqual(fromText);
    const der = new Uint8Array(
      readFileSync(new URL("../test/fixtures/test-ca-intermediate.der", import.meta.url)),
    );
    expect(pemCertificates(der)).toEqual([der]);
    expect(() => pemCertificates(bytes(0x31, 0x00))).toThrow(/no PEM certificate found/);
    expect(() => pemCertificates("-----BEGIN CERTIFICATE-----%-----END CERTIFICATE-----")).toThrow(
      /bad base64/,
    );
  });

  it("reads names, keys and extensions as node:crypto does", () => {
    expect(LEAF.commonNames).toEqual(["messageverificationcerts.sandbox.paypal.com"]);
    expect([LEAF.isCA, LEAF.keyUsage]).toEqual([false, 0b1]);
    expect([INTERMEDIATE.isCA, INTERMEDIATE.keyUsage]).toEqual([true, 0b1100000]);
    expect([ROOT.isCA, ROOT.keyUsage]).toEqual([true, 0b1100000]);
    expect([SELF_SIGNED.isCA, SELF_SIGNED.keyUsage]).toEqual([true, undefined]);
    const aia = one("test-chain-leaf-aia.pem");
    expect(aia.caIssuers).toEqual(["http://cacerts.hookwire.test/intermediate.crt"]);
    expect(LEAF.caIssuers).toEqual([]);
    const x509 = new X509Certificate(text("test-chain-leaf.pem"));
    expect(Buffer.from(LEAF.issuer)).toEqual(Buffer.from(INTERMEDIATE.subject));
    expect([LEAF.notBefore, LEAF.notAfter]).toEqual([Date.parse(x509.validFrom), Date.parse(x509.validTo)]);
    expect(INTERMEDIATE.keyCurve).toBe("2a8648ce3d030107"); // P-256
    expect(LEAF.keyCurve).toBeUndefined();
  });

  it("refuses trailing bytes and what is not an X.509 certificate", () => {
    const der = pemCertificates(text("test-chain-leaf.pem"))[0]!;
    expect(() => parseCertificate(new Uint8Array([...der, 0]))).toThrow(/not a DER certificate/);
    expect(() => parseCertificate(bytes(0x31, 0x00))).toThrow(/not a DER certificate/);
    expect(() => parseCertificate(bytes(0x30, 0x03, 0x02, 0x01, 0x00))).toThrow(/not an X.509 certificate/);
  });
});

describe("signedBy", () => {
  it("is true only for the issuer's key, over the exact tbsCertificate", async () => {
    expect(await signedBy(LEAF, INTERMEDIATE)).toBe(true); // ecdsa-with-SHA256, P-256
    expect(await signedBy(INTERMEDIATE, ROOT)).toBe(true); // sha256WithRSA
    expect(await signedBy(LEAF, ROOT)).toBe(false); // an ECDSA signature and an RSA key
    expect(await signedBy(INTERMEDIATE, INTERMEDIATE)).toBe(false); // an RSA signature and an EC key
    expect(await signedBy(SELF_SIGNED, SELF_SIGNED)).toBe(true);
    expect(await signedBy(SELF_SIGNED, ROOT)).toBe(false); // another RSA key
    const tampered = { ...LEAF, tbs: new Uint8Array([...LEAF.tbs.subarray(0, -1), LEAF.tbs.at(-1)! ^ 1]) };
    expect(await signedBy(tampered, INTERMEDIATE)).toBe(false);
    expect(await signedBy({ ...LEAF, signatureAlgorithm: "2a864886f70d010105" }, INTERMEDIATE)).toBe(false); // SHA-1
    expect(await signedBy(LEAF, { ...INTERMEDIATE, keyCurve: "2b81040023" })).toBe(false); // P-521: unsupported
  });
});

describe("validateChain", () => {
  const options = { anchors: [ROOT], subjects: SUBJECTS, now: Date.now() };

  it("returns the validity the chain shares", async () => {
    expect(await validateChain(LEAF, [INTERMEDIATE], options)).toEqual({
      notBefore: Math.max(LEAF.notBefore, INTERMEDIATE.notBefore, ROOT.notBefore),
      notAfter: Math.min(LEAF.notAfter, INTERMEDIATE.notAfter, ROOT.notAfter),
    });
    // a pinned intermediate is a trust anchor too
    expect(await validateChain(LEAF, [], { ...options, anchors: [INTERMEDIATE] })).toEqual({
      notBefore: Math.max(LEAF.notBefore, INTERMEDIATE.notBefore),
      notAfter: LEAF.notAfter,
    });
  });

  it("does not take a certificate as its own issuer", async () => {
    const copy = parseCertificate(pemCertificates(text("test-cert.pem"))[0]!);
    const message = await messageOf(() => validateChain(SELF_SIGNED, [copy], options));
    expect(message).toMatch(/does not chain to a trusted root/);
  });

  it("names no CN when the leaf has none", async () => {
    const message = await messageOf(() =>
      validateChain({ ...LEAF, commonNames: [] }, [INTERMEDIATE], options),
    );
    expect(message).toMatch(/its subject \(CN none\) is not one of PayPal's signing certificates/);
  });

  it("skips AIA URLs already fetched and stops after four", async () => {
    const urls: string[] = [];
    const leaf = {
      ...LEAF,
      caIssuers: ["http://a/1", "http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://a/5"],
    };
    const fetchIssuer = async (url: string) => {
      urls.push(url);
      return undefined;
    };
    await messageOf(() => validateChain(leaf, [], { ...options, fetchIssuer }));
    expect(urls).toEqual(["http://a/1", "http://a/2", "http://a/3", "http://a/4"]);
  });

  it("keeps looking after an AIA answer that is not a certificate", async () => {
    const der = new Uint8Array(
      readFileSync(new URL("../test/fixtures/test-ca-intermediate.der", import.meta.url)),
    );
    const leaf = { ...LEAF, caIssuers: ["http://a/junk", "http://a/good"] };
    const fetchIssuer = async (url: string) => (url.endsWith("junk") ? bytes(0x01, 0x02) : der);
    expect((await validateChain(leaf, [], { ...options, fetchIssuer })).notAfter).toBe(LEAF.notAfter);
  });

  it("needs the issuer's name and its signature both, and compares certificates byte for byte", async () => {
    // a leaf claiming the root as its issuer, but signed by the intermediate
    const claimed = { ...LEAF, issuer: ROOT.subject };
    expect(await messageOf(() => validateChain(claimed, [], options))).toMatch(
      /does not chain to a trusted root/,
    );
    // an anchor with the intermediate's length but other bytes (and a key that signed nothing here) is not the intermediate
    const flipped = new Uint8Array(INTERMEDIATE.der);
    flipped[flipped.length - 1]! ^= 1;
    const lookalike = { ...ROOT, der: flipped, spki: LEAF.spki };
    expect(
      await messageOf(() => validateChain(LEAF, [INTERMEDIATE], { ...options, anchors: [lookalike] })),
    ).toMatch(/does not chain to a trusted root/);
  });

  it("reads ECDSA signatures whose r or s are shorter than the curve or carry a leading zero", async () => {
    const { generateKeyPairSync, sign } = await import("node:crypto");
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const issuer = {
      ...INTERMEDIATE,
      spki: new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
    };
    const shapes = new Set<string>();
    for (let i = 0; i < 4000 && shapes.size < 3; i++) {
      const tbs = new TextEncoder().encode(`tbs ${i}`);
      const signature = new Uint8Array(sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" }));
      const rLength = signature[3]!;
      const shape = rLength === 33 ? "leading zero" : rLength < 32 ? "short" : "full";
      if (shapes.has(shape)) continue;
      shapes.add(shape);
      const certificate = { ...LEAF, tbs, signature, signatureAlgorithm: "2a8648ce3d040302" };
      expect([shape, await signedBy(certificate, issuer)]).toEqual([shape, true]);
      const other = { ...certificate, tbs: new TextEncoder().encode(`other ${i}`) };
      expect([shape, await signedBy(other, issuer)]).toEqual([shape, false]);
    }
    expect([...shapes].sort()).toEqual(["full", "leading zero", "short"]);
  });

  it("refuses with a coded error", async () => {
    const error = await validateChain(SELF_SIGNED, [], options).catch((e: WebhookError) => e);
    expect((error as WebhookError).code).toBe("SIGNATURE_INVALID");
  });
});
