// The certificate reader and chain checks on certificates issued by the test itself (test/certificates.ts):
// each case has exactly the names, extensions and validity it is about, signed by keys made for the run
// (cases found by mutation testing, see docs/mutation.md).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  X509Certificate,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { refusalOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import {
  authorityInfoAccess,
  basicConstraints,
  bitString,
  bmp,
  bool,
  explicit,
  extension,
  type Issued,
  int,
  issue,
  keyUsage,
  name,
  OIDS,
  octets,
  oid,
  seq,
  type TestKey,
  testCa,
  testLeaf,
  time,
  tlv,
} from "../test/certificates.js";
import { readCertificate } from "./certificate.js";
import { parseCertificate, pemCertificates, signedBy, validateChain } from "./chain.js";

const PEM = readFileSync(new URL("../test/fixtures/test-key.pem", import.meta.url), "utf8");
/** The RSA key of the fixtures (test-key.pem): PayPal's signing certificates carry RSA keys. */
const RSA: TestKey = { privateKey: createPrivateKey(PEM), publicKey: createPublicKey(PEM) };
const SANDBOX = "messageverificationcerts.sandbox.paypal.com";
const SUBJECTS = ["messageverificationcerts.paypal.com", SANDBOX];
const DAY = 86_400_000;
const NOW = Date.UTC(2030, 5, 1);
const CN = OIDS.commonName;

/** A CA certificate named `cn`, issued by `issuer` (itself when absent). */
const ca = (cn: string, issuer?: Issued, options: Omit<Parameters<typeof testCa>[2], "at"> = {}) =>
  testCa(cn, issuer, { at: NOW, ...options });
/** A PayPal-named signing certificate (the RSA test key) issued by `issuer`. */
const leaf = (issuer: Issued, options: Omit<Parameters<typeof testLeaf>[2], "at"> = {}) =>
  testLeaf(issuer, RSA, { at: NOW, ...options });

const parsed = (c: { der: Uint8Array }) => parseCertificate(c.der);

function validate(
  signing: Issued,
  others: Issued[],
  anchors: Issued[],
  extra: { now?: number; fetchIssuer?: (url: string) => Promise<Uint8Array | undefined> } = {},
) {
  return validateChain(parsed(signing), others.map(parsed), {
    anchors: anchors.map(parsed),
    subjects: SUBJECTS,
    now: extra.now ?? NOW,
    ...(extra.fetchIssuer ? { fetchIssuer: extra.fetchIssuer } : {}),
  });
}

/** The message a check refuses with (sync or async); the test fails when it accepts. */
const messageOf = async (run: () => unknown) => (await refusalOf((async () => run())())).message;
const refused = (detail: string) => `[@hookwire/paypal] PayPal's signing certificate is refused: ${detail}.`;

const ROOT = ca("Built Root");
const INTERMEDIATE = ca("Built Intermediate", ROOT);
const LEAF = leaf(INTERMEDIATE);
/** A version 1 certificate: no version field, no extensions. */
const V1 = issue({
  version: 1,
  subject: name([CN, SANDBOX]),
  issuer: ROOT.name,
  publicKey: RSA.publicKey,
  signer: ROOT.key.privateKey,
  notBefore: NOW - DAY,
  notAfter: NOW + DAY,
});

describe("the test's own certificates", () => {
  it("are certificates node:crypto reads and verifies", () => {
    const root = new X509Certificate(ROOT.pem);
    const intermediate = new X509Certificate(INTERMEDIATE.pem);
    const signing = new X509Certificate(LEAF.pem);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(signing.verify(intermediate.publicKey)).toBe(true);
    expect(signing.subject).toBe(`CN=${SANDBOX}`);
    expect(intermediate.ca).toBe(true);
    expect(signing.ca).toBe(false);
    expect(signing.checkIssued(intermediate)).toBe(true);
  });
});

describe("parseCertificate on issued certificates", () => {
  const parse = (subject: Uint8Array, extensions?: Uint8Array[]) =>
    parseCertificate(
      issue({
        subject,
        issuer: ROOT.name,
        publicKey: RSA.publicKey,
        signer: ROOT.key.privateKey,
        notBefore: NOW,
        notAfter: NOW + DAY,
        ...(extensions ? { extensions } : {}),
      }).der,
    );

  it("takes common names only from attributes typed as the OBJECT IDENTIFIER 2.5.4.3, in order", () => {
    // the PayPal name as an organization is not a common name
    expect(parse(name([OIDS.organization, SANDBOX], [CN, "evil.example"])).commonNames).toEqual([
      "evil.example",
    ]);
    expect(parse(name([CN, "a.example"], [OIDS.organization, "o"], [CN, "b.example"])).commonNames).toEqual([
      "a.example",
      "b.example",
    ]);
    // the bytes of 2.5.4.3 under another tag, and an attribute without a value, name nothing
    const cnBytes = oid(CN).subarray(2);
    const subject = seq(
      tlv(0x31, seq(tlv(0x04, cnBytes), tlv(0x0c, new TextEncoder().encode(SANDBOX)))),
      tlv(0x31, seq(oid(CN))),
      tlv(0x31, seq(oid(CN), tlv(0x0c, new TextEncoder().encode("named.example")))),
    );
    expect(parse(subject).commonNames).toEqual(["named.example"]);
  });

  it("reads a BMPString common name by UTF-16 code units, ignoring a dangling odd byte", () => {
    expect(parse(name([CN, bmp("Zürich.example")])).commonNames).toEqual(["Zürich.example"]);
    expect(parse(name([CN, bmp("ab", [0x41])])).commonNames).toEqual(["ab"]);
  });

  it("reads basicConstraints: cA only when TRUE, not a pathLenConstraint alone", () => {
    const caOf = (value: Uint8Array) =>
      parse(name([CN, "x"]), [extension(OIDS.basicConstraints, value)]).isCA;
    expect(caOf(seq(bool(true)))).toBe(true);
    expect(caOf(seq(bool(true), int(1)))).toBe(true);
    expect(caOf(seq(bool(false)))).toBe(false);
    expect(caOf(seq(int(1)))).toBe(false);
    expect(caOf(seq())).toBe(false);
    expect(parse(name([CN, "x"])).isCA).toBe(false);
  });

  it("reads keyUsage bits 0 to 8, over one or two bytes", () => {
    const usage = (...bits: number[]) => parse(name([CN, "x"]), [keyUsage(...bits)]).keyUsage;
    expect(usage(0)).toBe(0b1);
    expect(usage(5)).toBe(0b100000);
    expect(usage(0, 2, 7)).toBe(0b10000101);
    expect(usage(0, 8)).toBe(0b100000001);
    expect(usage(8)).toBe(0b100000000);
    expect(usage(0, 9)).toBe(0b1); // past decipherOnly: not a keyUsage bit
    expect(parse(name([CN, "x"])).keyUsage).toBeUndefined();
  });

  it("reads only caIssuers URIs from Authority Information Access", () => {
    const aia = authorityInfoAccess(
      [OIDS.ocsp, "http://ocsp.example/"],
      [OIDS.caIssuers, "http://ca.example/one.crt"],
      [OIDS.caIssuers, explicit(4, name([CN, "a directory name"]))],
      [OIDS.caIssuers, tlv(0x16, new TextEncoder().encode("http://ia5.example/not-a-uri"))],
      [OIDS.caIssuers, "http://ca.example/two.crt"],
    );
    expect(parse(name([CN, "x"]), [aia]).caIssuers).toEqual([
      "http://ca.example/one.crt",
      "http://ca.example/two.crt",
    ]);
    // a method that is not an OBJECT IDENTIFIER (the caIssuers bytes under another tag), and an empty entry
    const odd = extension(
      OIDS.authorityInfoAccess,
      seq(
        seq(
          tlv(0x04, oid(OIDS.caIssuers).subarray(2)),
          tlv(0x86, new TextEncoder().encode("http://odd.example/")),
        ),
        seq(),
        seq(oid(OIDS.caIssuers)),
      ),
    );
    expect(parse(name([CN, "x"]), [odd]).caIssuers).toEqual([]);
  });

  it("says what is wrong with malformed extensions", async () => {
    const withField = (field: Uint8Array) => () =>
      parseCertificate(
        issue({
          subject: name([CN, "x"]),
          issuer: ROOT.name,
          publicKey: RSA.publicKey,
          signer: ROOT.key.privateKey,
          notBefore: NOW,
          notAfter: NOW + DAY,
          extensionsField: field,
        }).der,
      );
    expect(await messageOf(withField(explicit(3, octets(new Uint8Array(1)))))).toBe(
      refused("malformed extensions"),
    );
    expect(await messageOf(withField(tlv(0xa3)))).toBe(refused("malformed extensions"));
    expect(await messageOf(withField(explicit(3, seq(seq()))))).toBe(refused("malformed extension"));
    expect(await messageOf(withField(explicit(3, seq(seq(octets(new Uint8Array(1)), octets(seq()))))))).toBe(
      refused("malformed extension"),
    );
    expect(await messageOf(withField(explicit(3, seq(seq(oid(OIDS.keyUsage), seq())))))).toBe(
      refused("malformed extension"),
    );
    expect(
      await messageOf(withField(explicit(3, seq(extension(OIDS.keyUsage, octets(new Uint8Array(1))))))),
    ).toBe(refused("malformed keyUsage"));
  });

  it("reads a key algorithm without parameters (Ed25519): no curve", () => {
    const ed = generateKeyPairSync("ed25519");
    const certificate = parseCertificate(
      issue({
        subject: name([CN, "x"]),
        issuer: ROOT.name,
        publicKey: ed.publicKey,
        signer: ROOT.key.privateKey,
        notBefore: NOW,
        notAfter: NOW + DAY,
      }).der,
    );
    expect([certificate.keyAlgorithm, certificate.keyCurve]).toEqual(["2b6570", undefined]);
  });

  it("reads a version 1 certificate (no version field, no extensions)", () => {
    const v1 = parseCertificate(V1.der);
    expect(v1.commonNames).toEqual([SANDBOX]);
    expect([v1.notBefore, v1.notAfter, v1.isCA, v1.keyUsage, v1.caIssuers]).toEqual([
      NOW - DAY,
      NOW + DAY,
      false,
      undefined,
      [],
    ]);
    expect(Buffer.from(v1.issuer)).toEqual(Buffer.from(ROOT.name));
  });

  it("says which part of the structure is missing", async () => {
    const alg = seq(oid(OIDS.ecdsaWithSHA256));
    const validity = seq(time(NOW), time(NOW + DAY));
    const spki = new Uint8Array(RSA.publicKey.export({ type: "spki", format: "der" }));
    const tbs = (...fields: Uint8Array[]) => seq(explicit(0, int(2)), int(1), alg, ...fields);
    const good = tbs(ROOT.name, validity, name([CN, "x"]), spki);
    const sig = bitString(new Uint8Array(8));
    const parseOf = (der: Uint8Array) => () => parseCertificate(der);
    expect(parseOf(seq(good, alg, sig))).not.toThrow();
    expect(await messageOf(parseOf(seq(good, oid(OIDS.ecdsaWithSHA256), sig)))).toBe(
      refused("not an X.509 certificate"),
    );
    expect(await messageOf(parseOf(seq(good, alg, octets(new Uint8Array(8)))))).toBe(
      refused("not an X.509 certificate"),
    );
    expect(await messageOf(parseOf(seq(good, alg)))).toBe(refused("not an X.509 certificate"));
    expect(await messageOf(parseOf(seq(good)))).toBe(refused("not an X.509 certificate"));
    // the tbsCertificate's fields under another tag than SEQUENCE
    expect(
      await messageOf(
        parseOf(seq(tlv(0x04, good.subarray(good[1]! & 0x80 ? 2 + (good[1]! & 0x7f) : 2)), alg, sig)),
      ),
    ).toBe(refused("not an X.509 certificate"));
    expect(await messageOf(parseOf(seq()))).toBe(refused("not an X.509 certificate"));
    expect(await messageOf(parseOf(seq(good, seq(int(1)), sig)))).toBe(refused("no signature algorithm"));
    expect(await messageOf(parseOf(seq(good, seq(), sig)))).toBe(refused("no signature algorithm"));
    const structure = refused("unexpected certificate structure");
    expect(await messageOf(parseOf(seq(seq(), alg, sig)))).toBe(structure);
    expect(await messageOf(parseOf(seq(tbs(), alg, sig)))).toBe(structure);
    expect(await messageOf(parseOf(seq(tbs(ROOT.name), alg, sig)))).toBe(structure);
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, validity), alg, sig)))).toBe(structure);
    expect(await messageOf(parseOf(seq(tbs(int(0), validity, name([CN, "x"]), spki), alg, sig)))).toBe(
      structure,
    );
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, int(0), name([CN, "x"]), spki), alg, sig)))).toBe(
      structure,
    );
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, validity, int(0), spki), alg, sig)))).toBe(structure);
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, validity, name([CN, "x"]), int(0)), alg, sig)))).toBe(
      structure,
    );
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, validity, name([CN, "x"])), alg, sig)))).toBe(
      structure,
    );
    expect(
      await messageOf(parseOf(seq(tbs(ROOT.name, seq(time(NOW)), name([CN, "x"]), spki), alg, sig))),
    ).toBe(refused("no validity period"));
    expect(await messageOf(parseOf(seq(tbs(ROOT.name, validity, name([CN, "x"]), seq()), alg, sig)))).toBe(
      refused("no public key algorithm"),
    );
    expect(
      await messageOf(parseOf(seq(tbs(ROOT.name, validity, name([CN, "x"]), seq(seq(int(1)))), alg, sig))),
    ).toBe(refused("no public key algorithm"));
  });
});

describe("readCertificate on issued certificates", () => {
  const alg = seq(oid(OIDS.ecdsaWithSHA256));
  const validity = seq(time(NOW), time(NOW + DAY));
  const spki = new Uint8Array(RSA.publicKey.export({ type: "spki", format: "der" }));
  const certificateOf = (...fields: Uint8Array[]) => seq(seq(...fields), alg, bitString(new Uint8Array(8)));
  const v3 = (...fields: Uint8Array[]) => certificateOf(explicit(0, int(2)), int(1), alg, ...fields);
  const invalid = (detail: string) => ({
    code: "SIGNATURE_INVALID",
    message: `[@hookwire/paypal] The signing certificate is not valid: ${detail}.`,
  });
  const refusalOfRead = (der: Uint8Array) => refusalOf((async () => readCertificate(der))());

  it("reads a version 1 certificate's validity and key", () => {
    const info = readCertificate(V1.pem);
    expect([info.notBefore, info.notAfter]).toEqual([NOW - DAY, NOW + DAY]);
    expect(Buffer.from(info.spki)).toEqual(Buffer.from(spki));
  });

  it("refuses each missing part with a coded error", async () => {
    expect(await refusalOfRead(seq())).toEqual(invalid("no tbsCertificate"));
    expect(await refusalOfRead(certificateOf())).toEqual(invalid("unexpected structure"));
    expect(await refusalOfRead(v3(ROOT.name, int(0), name([CN, "x"]), spki))).toEqual(
      invalid("unexpected structure"),
    );
    expect(await refusalOfRead(v3(ROOT.name, validity, name([CN, "x"]), int(0)))).toEqual(
      invalid("unexpected structure"),
    );
    expect(await refusalOfRead(v3(ROOT.name, validity, name([CN, "x"])))).toEqual(
      invalid("unexpected structure"),
    );
    expect(await refusalOfRead(v3(ROOT.name, seq(time(NOW)), name([CN, "x"]), spki))).toEqual(
      invalid("no validity period"),
    );
    expect(readCertificate(v3(ROOT.name, validity, name([CN, "x"]), spki)).notAfter).toBe(NOW + DAY);
  });
});

describe("signedBy on issued certificates", () => {
  it("checks sha384WithRSA and sha256WithRSA signatures by an RSA issuer", async () => {
    const rsaRoot = ca("Built RSA Root", undefined, { key: RSA });
    for (const hash of ["sha256", "sha384"] as const) {
      const child = ca(`Built ${hash} CA`, rsaRoot, { hash });
      expect([hash, await signedBy(parsed(child), parsed(rsaRoot))]).toEqual([hash, true]);
      expect([hash, await signedBy(parsed(child), parsed(ROOT))]).toEqual([hash, false]);
    }
  });

  it("checks ecdsa-with-SHA384 by a P-256 issuer with SHA-384", async () => {
    const child = ca("Built SHA-384 CA", ROOT, { hash: "sha384" });
    expect(await signedBy(parsed(child), parsed(ROOT))).toBe(true);
    expect(await signedBy(parsed(child), parsed(INTERMEDIATE))).toBe(false);
  });

  it("refuses an ECDSA signature whose r and s are not INTEGERs", async () => {
    const tbs = new TextEncoder().encode("to be signed");
    const signature = new Uint8Array(sign("sha256", tbs, ROOT.key.privateKey));
    const signing = { ...parsed(LEAF), tbs, signature };
    expect(await signedBy(signing, parsed(ROOT))).toBe(true);
    // r and s as OCTET STRINGs with the same bytes
    const retag = (r: boolean, s: boolean) => {
      const copy = new Uint8Array(signature);
      if (r) copy[2] = 0x04;
      if (s) copy[4 + copy[3]!] = 0x04;
      return copy;
    };
    for (const [r, s] of [
      [true, true],
      [true, false],
      [false, true],
    ] as const) {
      expect([r, s, await signedBy({ ...signing, signature: retag(r, s) }, parsed(ROOT))]).toEqual([
        r,
        s,
        false,
      ]);
    }
  });

  it("does not verify an unsupported algorithm as a supported one", async () => {
    // signed ecdsa-with-SHA384, labelled ecdsa-with-SHA512 (1.2.840.10045.4.3.4), which is not supported
    const child = parsed(ca("Built SHA-384 CA", ROOT, { hash: "sha384" }));
    expect(await signedBy(child, parsed(ROOT))).toBe(true);
    expect(await signedBy({ ...child, signatureAlgorithm: "2a8648ce3d040304" }, parsed(ROOT))).toBe(false);
  });
});

describe("validateChain on issued certificates", () => {
  it("accepts the built chain, with or without the intermediate's keyUsage, the leaf's too", async () => {
    expect(await validate(LEAF, [INTERMEDIATE], [ROOT])).toBeDefined();
    const plain = ca("Built CA without keyUsage", ROOT, { extensions: [basicConstraints(true)] });
    const bare = leaf(plain, { extensions: [] });
    expect(await validate(bare, [plain], [ROOT])).toEqual({
      notBefore: NOW - 10 * DAY,
      notAfter: NOW + 300 * DAY,
    });
  });

  it("names every common name of a refused leaf", async () => {
    const two = leaf(INTERMEDIATE, { subject: name([CN, "a.example"], [CN, "b.example"]) });
    expect(await messageOf(() => validate(two, [INTERMEDIATE], [ROOT]))).toBe(
      refused(
        `its subject (CN a.example, b.example) is not one of PayPal's signing certificates (${SUBJECTS.join(", ")})`,
      ),
    );
  });

  it("refuses a leaf that is not valid yet, its issuer and root valid", async () => {
    expect(
      await messageOf(() => validate(leaf(INTERMEDIATE, { from: NOW + DAY }), [INTERMEDIATE], [ROOT])),
    ).toBe(refused("it is outside its validity period"));
  });

  it("compares the common name in any case", async () => {
    const upper = leaf(INTERMEDIATE, { subject: name([CN, "MessageVerificationCerts.Sandbox.PayPal.COM"]) });
    expect(await validate(upper, [INTERMEDIATE], [ROOT])).toBeDefined();
  });

  it("refuses an issuer whose basicConstraints says cA FALSE or gives only a path length", async () => {
    for (const value of [seq(bool(false)), seq(int(1))]) {
      const notCa = ca("Built Not A CA", ROOT, {
        extensions: [extension(OIDS.basicConstraints, value, true), keyUsage(5)],
      });
      expect(await messageOf(() => validate(leaf(notCa), [notCa], [ROOT]))).toBe(
        refused("an issuing certificate is not a CA (basicConstraints)"),
      );
    }
  });

  it("returns the validity the chain shares, whichever certificate sets each end", async () => {
    // the root starts last and ends first
    const root = ca("Built Narrow Root", undefined, { from: NOW - 5 * DAY, to: NOW + 50 * DAY });
    const intermediate = ca("Built Wide CA", root, { from: NOW - 50 * DAY, to: NOW + 500 * DAY });
    const signing = leaf(intermediate, { from: NOW - 20 * DAY, to: NOW + 200 * DAY });
    expect(await validate(signing, [intermediate], [root])).toEqual({
      notBefore: NOW - 5 * DAY,
      notAfter: NOW + 50 * DAY,
    });
    // the intermediate starts last and ends first
    const narrow = ca("Built Narrow CA", ROOT, { from: NOW - 3 * DAY, to: NOW + 30 * DAY });
    const under = leaf(narrow, { from: NOW - 20 * DAY, to: NOW + 200 * DAY });
    expect(await validate(under, [narrow], [ROOT])).toEqual({
      notBefore: NOW - 3 * DAY,
      notAfter: NOW + 30 * DAY,
    });
  });

  it("refuses a trusted root that is not valid yet", async () => {
    const future = ca("Built Future Root", undefined, { from: NOW + DAY, to: NOW + 100 * DAY });
    const intermediate = ca("Built CA Under Future Root", future, { from: NOW - DAY });
    expect(await messageOf(() => validate(leaf(intermediate), [intermediate], [future]))).toBe(
      refused("the trusted root is outside its validity period"),
    );
  });

  it("skips a served certificate with the issuer's name but another key", async () => {
    const impostor = ca("Built Intermediate", ROOT);
    expect(await validate(LEAF, [impostor, INTERMEDIATE], [ROOT])).toBeDefined();
    expect(await messageOf(() => validate(LEAF, [impostor], [ROOT]))).toBe(
      refused("it does not chain to a trusted root (pass trustedCertificates if PayPal changed its CA)"),
    );
  });

  it("follows at most six links: five intermediates below the root, not six", async () => {
    const chainOf = (count: number) => {
      const cas = [ca("Built Level 1", ROOT)];
      for (let i = 2; i <= count; i++) cas.push(ca(`Built Level ${i}`, cas.at(-1)));
      return { signing: leaf(cas.at(-1)!), cas };
    };
    const five = chainOf(5);
    expect(await validate(five.signing, five.cas, [ROOT])).toBeDefined();
    const six = chainOf(6);
    expect(await messageOf(() => validate(six.signing, six.cas, [ROOT]))).toBe(
      refused("the chain is too long"),
    );
  });

  describe("with Authority Information Access", () => {
    const aiaLeaf = (...urls: string[]) =>
      leaf(INTERMEDIATE, {
        extensions: [
          keyUsage(0),
          authorityInfoAccess(...urls.map((url) => [OIDS.caIssuers, url] as [string, string])),
        ],
      });

    it("fetches nothing when the issuer was served", async () => {
      const fetchIssuer = vi.fn(async () => INTERMEDIATE.der);
      expect(await validate(aiaLeaf("http://a/1"), [INTERMEDIATE], [ROOT], { fetchIssuer })).toBeDefined();
      expect(fetchIssuer).not.toHaveBeenCalled();
    });

    it("stops at the first URL that gives the issuer", async () => {
      const fetchIssuer = vi.fn(async (url: string) => (url === "http://a/1" ? INTERMEDIATE.der : undefined));
      expect(await validate(aiaLeaf("http://a/1", "http://a/2"), [], [ROOT], { fetchIssuer })).toBeDefined();
      expect(fetchIssuer.mock.calls).toEqual([["http://a/1"]]);
    });

    it("tries the next URL when an answer holds certificates that are not the issuer", async () => {
      const fetchIssuer = vi.fn(async (url: string) => (url === "http://a/1" ? ROOT.der : INTERMEDIATE.der));
      expect(await validate(aiaLeaf("http://a/1", "http://a/2"), [], [ROOT], { fetchIssuer })).toBeDefined();
      expect(fetchIssuer.mock.calls).toEqual([["http://a/1"], ["http://a/2"]]);
    });

    it("refuses an answer holding a certificate with the issuer's name but another key", async () => {
      const impostor = ca("Built Intermediate", ROOT);
      const fetchIssuer = vi.fn(async () => impostor.der);
      expect(await messageOf(() => validate(aiaLeaf("http://a/1"), [], [ROOT], { fetchIssuer }))).toMatch(
        /does not chain to a trusted root/,
      );
    });

    it("keeps the other certificates of an answer for the next links", async () => {
      const upper = ca("Built Upper CA", ROOT);
      const lower = ca("Built Lower CA", upper);
      const signing = leaf(lower, {
        extensions: [keyUsage(0), authorityInfoAccess([OIDS.caIssuers, "http://a/bundle"])],
      });
      const bundle = new TextEncoder().encode(`${lower.pem}${upper.pem}`);
      expect(await validate(signing, [], [ROOT], { fetchIssuer: async () => bundle })).toBeDefined();
      // the same bundle read as separate answers: the upper CA alone is not the leaf's issuer
      expect(pemCertificates(bundle).map((der) => parseCertificate(der).commonNames[0])).toEqual([
        "Built Lower CA",
        "Built Upper CA",
      ]);
    });
  });
});

describe("cases found by the whole-package run of mutation testing", () => {
  // RFC 5280 4.1.2.5: a certificate is valid "from notBefore through notAfter, inclusive"
  it("accepts a certificate at the exact second its validity starts or ends, and refuses one second outside", async () => {
    const from = NOW - 10 * DAY;
    const to = NOW + 300 * DAY; // the leaf's period: the intermediate and the root run longer
    for (const now of [from, to]) {
      expect(await validate(LEAF, [INTERMEDIATE], [ROOT], { now })).toEqual({
        notBefore: from,
        notAfter: to,
      });
    }
    for (const now of [from - 1000, to + 1000]) {
      expect(await messageOf(() => validate(LEAF, [INTERMEDIATE], [ROOT], { now }))).toBe(
        refused("it is outside its validity period"),
      );
    }
    // an intermediate whose period is the shortest of the chain
    const short = ca("Built Short Intermediate", ROOT, { from: NOW - DAY, to: NOW + DAY });
    const under = leaf(short);
    for (const now of [NOW - DAY, NOW + DAY]) {
      expect(await validate(under, [short], [ROOT], { now })).toEqual({
        notBefore: NOW - DAY,
        notAfter: NOW + DAY,
      });
    }
    for (const now of [NOW - DAY - 1000, NOW + DAY + 1000]) {
      expect(await messageOf(() => validate(under, [short], [ROOT], { now }))).toBe(
        refused("an issuing certificate is outside its validity period"),
      );
    }
  });

  it("accepts a chain at the exact second its trusted root's validity starts or ends", async () => {
    const root = ca("Built Short Root", undefined, { from: NOW - 2 * DAY, to: NOW + 2 * DAY });
    const intermediate = ca("Built Intermediate Under Short Root", root);
    const signing = leaf(intermediate);
    for (const now of [NOW - 2 * DAY, NOW + 2 * DAY]) {
      expect(await validate(signing, [intermediate], [root], { now })).toEqual({
        notBefore: NOW - 2 * DAY,
        notAfter: NOW + 2 * DAY,
      });
    }
    for (const now of [NOW - 2 * DAY - 1000, NOW + 2 * DAY + 1000]) {
      expect(await messageOf(() => validate(signing, [intermediate], [root], { now }))).toBe(
        refused("the trusted root is outside its validity period"),
      );
    }
  });

  it("refuses an ECDSA signature whose r or s is an INTEGER longer than the curve, as OpenSSL does", async () => {
    const tbs = new TextEncoder().encode("to be signed");
    const issuer = parsed(ROOT); // P-256
    // ECDSA signs with a fresh nonce each time: sign until r and s are 32 bytes without a leading zero
    // and r's last byte is 0x01–0x7f (about one signature in eight)
    let der = new Uint8Array(sign("sha256", tbs, ROOT.key.privateKey));
    while (der[3] !== 32 || der[37] !== 32 || der[35] === 0 || der[35]! >= 0x80) {
      der = new Uint8Array(sign("sha256", tbs, ROOT.key.privateKey));
    }
    const r = der.slice(4, 36);
    const s = der.slice(38, 70);
    const signature = (rBytes: Uint8Array, sBytes: Uint8Array) => seq(tlv(0x02, rBytes), tlv(0x02, sBytes));
    const signing = { ...parsed(LEAF), tbs, signatureAlgorithm: "2a8648ce3d040302" };
    expect(Buffer.from(signature(r, s))).toEqual(Buffer.from(der));
    expect(await signedBy({ ...signing, signature: der }, issuer)).toBe(true);
    // the same values with one more byte in front: positive 33-byte INTEGERs, greater than the curve order.
    // (s led by r's last byte: a reader that right-aligns it over r without checking would rebuild r || s)
    for (const [what, bytes] of [
      ["s", signature(r, new Uint8Array([r[31]!, ...s]))],
      ["r", signature(new Uint8Array([0x01, ...r]), s)],
    ] as const) {
      expect([what, verify("sha256", tbs, ROOT.key.publicKey, bytes)]).toEqual([what, false]);
      expect([what, await signedBy({ ...signing, signature: bytes }, issuer)]).toEqual([what, false]);
    }
  });
});
