// A small DER writer and X.509 issuer for the chain tests: certificates with exactly the names,
// extensions and validity a case needs, signed by node:crypto keys made for the test run. Written
// from RFC 5280 / X.690, independently of the package's reader (which it exists to check); node's
// X509Certificate reads what it writes (see chain.test.ts).
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

function lengthOf(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

/** One DER element: tag, definite length, the contents concatenated. */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  return new Uint8Array([tag, ...lengthOf(body.length), ...body]);
}

export const seq = (...contents: Uint8Array[]) => tlv(0x30, ...contents);
export const set = (...contents: Uint8Array[]) => tlv(0x31, ...contents);
export const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
export const bool = (value: boolean) => tlv(0x01, new Uint8Array([value ? 0xff : 0x00]));
export const int = (value: number) => tlv(0x02, new Uint8Array(value < 0x80 ? [value] : [0, value]));
export const utf8 = (text: string) => tlv(0x0c, new TextEncoder().encode(text));
export const explicit = (n: number, content: Uint8Array) => tlv(0xa0 | n, content);
export const bitString = (bytes: Uint8Array, unused = 0) => tlv(0x03, new Uint8Array([unused]), bytes);
/** A BMPString: UTF-16BE code units (`extra` appends raw bytes, e.g. a dangling odd byte). */
export const bmp = (text: string, extra: number[] = []) =>
  tlv(
    0x1e,
    new Uint8Array([...[...text].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]), ...extra]),
  );

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift(0x80 | (v & 0x7f));
    out.push(...groups);
  }
  return tlv(0x06, new Uint8Array(out));
}

export const OIDS = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  ocsp: "1.3.6.1.5.5.7.48.1",
  subjectKeyIdentifier: "2.5.29.14",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  ecdsaWithSHA384: "1.2.840.10045.4.3.3",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  sha384WithRSA: "1.2.840.113549.1.1.12",
} as const;

/** A Name: one RDN per attribute, each `[oid, value element]`; a string value is a UTF8String. */
export function name(...attributes: Array<[string, string | Uint8Array]>): Uint8Array {
  return seq(
    ...attributes.map(([type, value]) =>
      set(seq(oid(type), typeof value === "string" ? utf8(value) : value)),
    ),
  );
}

/** A UTCTime for years 1950–2049, a GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
export function time(at: number): Uint8Array {
  const iso = new Date(at).toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = new Date(at).getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, new TextEncoder().encode(digits.slice(2)))
    : tlv(0x18, new TextEncoder().encode(digits));
}

/** An Extension: `SEQUENCE { extnID, [critical], extnValue OCTET STRING }`. */
export function extension(id: string, value: Uint8Array, critical = false): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

export const basicConstraints = (ca: boolean, pathLen?: number) =>
  extension(
    OIDS.basicConstraints,
    seq(...(ca ? [bool(true)] : []), ...(pathLen === undefined ? [] : [int(pathLen)])),
    true,
  );

/** keyUsage from bit numbers (0 digitalSignature … 5 keyCertSign … 8 decipherOnly), DER-minimal. */
export function keyUsage(...bits: number[]): Uint8Array {
  const last = Math.max(...bits);
  const bytes = new Uint8Array((last >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return extension(OIDS.keyUsage, bitString(bytes, 7 - (last & 7)), true);
}

/** Authority Information Access: `[method OID, URI]` pairs (a URI is GeneralName [6]). */
export const authorityInfoAccess = (...entries: Array<[string, string | Uint8Array]>) =>
  extension(
    OIDS.authorityInfoAccess,
    seq(
      ...entries.map(([method, location]) =>
        seq(
          oid(method),
          typeof location === "string" ? tlv(0x86, new TextEncoder().encode(location)) : location,
        ),
      ),
    ),
  );

/** A key pair and what a certificate needs of it. */
export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const ecKey = (curve: "P-256" | "P-384" = "P-256"): TestKey =>
  generateKeyPairSync("ec", { namedCurve: curve });

/** What {@link issue} writes. */
export interface CertificateSpec {
  subject: Uint8Array;
  issuer: Uint8Array;
  /** The certified public key. */
  publicKey: KeyObject;
  /** The issuer's private key (EC: ecdsa-with-SHA256 or SHA384; RSA: sha256WithRSA or sha384WithRSA). */
  signer: KeyObject;
  hash?: "sha256" | "sha384";
  notBefore: number;
  notAfter: number;
  extensions?: Uint8Array[];
  /** The whole `[3]` field as given, instead of one built from `extensions`. */
  extensionsField?: Uint8Array;
  /** 1 leaves out the `[0]` version field (and takes no extensions); default 3. */
  version?: 1 | 3;
  serial?: number;
}

/** A signed X.509 v3 certificate, as DER and as PEM. */
export function issue(spec: CertificateSpec): { der: Uint8Array; pem: string } {
  const hash = spec.hash ?? "sha256";
  const ec = spec.signer.asymmetricKeyType === "ec";
  const algorithm = seq(
    ...(ec
      ? [oid(hash === "sha256" ? OIDS.ecdsaWithSHA256 : OIDS.ecdsaWithSHA384)]
      : [oid(hash === "sha256" ? OIDS.sha256WithRSA : OIDS.sha384WithRSA), tlv(0x05)]),
  );
  const spki = new Uint8Array(spec.publicKey.export({ type: "spki", format: "der" }));
  const extensions =
    spec.extensionsField ??
    (spec.extensions && spec.extensions.length > 0 ? explicit(3, seq(...spec.extensions)) : undefined);
  const tbs = seq(
    ...(spec.version === 1 ? [] : [explicit(0, int(2))]),
    int(spec.serial ?? 1),
    algorithm,
    spec.issuer,
    seq(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spki,
    ...(extensions === undefined ? [] : [extensions]),
  );
  const signature = new Uint8Array(sign(hash, tbs, spec.signer));
  return certificate(seq(tbs, algorithm, bitString(signature)));
}

/** DER certificate bytes with their PEM text. */
export function certificate(der: Uint8Array): { der: Uint8Array; pem: string } {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g)!.join("\n");
  return { der, pem: `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n` };
}

/** An issued certificate with its subject Name and key pair, to issue further certificates under it. */
export interface Issued {
  der: Uint8Array;
  pem: string;
  name: Uint8Array;
  key: TestKey;
}

const DAY = 86_400_000;
const SANDBOX_NAME = "messageverificationcerts.sandbox.paypal.com";

/**
 * A CA certificate named `cn` (a fresh P-256 key unless given), issued by `issuer` or self-signed, valid
 * from 100 days before `at` to 1000 days after unless `from`/`to` say otherwise; basicConstraints cA
 * and keyUsage keyCertSign + cRLSign unless `extensions` are given.
 */
export function testCa(
  cn: string,
  issuer: Issued | undefined,
  options: {
    at: number;
    key?: TestKey;
    from?: number;
    to?: number;
    extensions?: Uint8Array[];
    hash?: "sha256" | "sha384";
  },
): Issued {
  const key = options.key ?? ecKey();
  const subject = name([OIDS.commonName, cn]);
  const made = issue({
    subject,
    issuer: issuer?.name ?? subject,
    publicKey: key.publicKey,
    signer: (issuer?.key ?? key).privateKey,
    ...(options.hash ? { hash: options.hash } : {}),
    notBefore: options.from ?? options.at - 100 * DAY,
    notAfter: options.to ?? options.at + 1000 * DAY,
    extensions: options.extensions ?? [basicConstraints(true), keyUsage(5, 6)],
  });
  return { ...made, name: subject, key };
}

/**
 * A signing certificate for `key` named like PayPal's sandbox one unless `subject` is given, issued by
 * `issuer`, valid from 10 days before `at` to 300 days after unless `from`/`to` say otherwise;
 * basicConstraints (not a CA) and keyUsage digitalSignature unless `extensions` are given.
 */
export function testLeaf(
  issuer: Issued,
  key: TestKey,
  options: { at: number; subject?: Uint8Array; from?: number; to?: number; extensions?: Uint8Array[] },
): Issued {
  const subject = options.subject ?? name([OIDS.commonName, SANDBOX_NAME]);
  const made = issue({
    subject,
    issuer: issuer.name,
    publicKey: key.publicKey,
    signer: issuer.key.privateKey,
    notBefore: options.from ?? options.at - 10 * DAY,
    notAfter: options.to ?? options.at + 300 * DAY,
    extensions: options.extensions ?? [basicConstraints(false), keyUsage(0)],
  });
  return { ...made, name: subject, key };
}
