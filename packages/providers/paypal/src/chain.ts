import { fromBase64, toHex, WebhookError } from "@hookwire/core";
import { type DerNode, derReader } from "./der.js";

const PACKAGE = "@hookwire/paypal";

/**
 * The subjects (CN) of PayPal's webhook signing certificates, live and sandbox — the names PayPal's
 * Java SDK checks (`CN=messageverificationcerts…paypal.com`).
 *
 * @example
 * ```ts
 * paypal({ webhookId, certificateSubjects: ["messageverificationcerts.paypal.com"] }); // live only
 * ```
 */
export const PAYPAL_CERTIFICATE_SUBJECTS: readonly string[] = [
  "messageverificationcerts.paypal.com",
  "messageverificationcerts.sandbox.paypal.com",
];

/** The parts of an X.509 certificate that chain validation needs. */
export interface ParsedCertificate {
  /** The whole DER. */
  der: Uint8Array;
  /** The DER of tbsCertificate: what the issuer signed. */
  tbs: Uint8Array;
  /** The signature algorithm OID, hex of its DER content. */
  signatureAlgorithm: string;
  /** The signature bytes (the BIT STRING without its unused-bits byte). */
  signature: Uint8Array;
  /** The DER of the issuer Name. */
  issuer: Uint8Array;
  /** The DER of the subject Name. */
  subject: Uint8Array;
  /** The subject's common names. */
  commonNames: string[];
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The public key algorithm OID (hex) and, for EC keys, the curve OID (hex). */
  keyAlgorithm: string;
  keyCurve: string | undefined;
  notBefore: number;
  notAfter: number;
  /** basicConstraints cA. */
  isCA: boolean;
  /** keyUsage bits (bit 0 = digitalSignature … bit 5 = keyCertSign), or undefined without the extension. */
  keyUsage: number | undefined;
  /** Authority Information Access caIssuers URLs. */
  caIssuers: string[];
}

type Node = DerNode;

const OID = {
  sha256WithRSA: "2a864886f70d01010b",
  sha384WithRSA: "2a864886f70d01010c",
  sha512WithRSA: "2a864886f70d01010d",
  ecdsaWithSHA256: "2a8648ce3d040302",
  ecdsaWithSHA384: "2a8648ce3d040303",
  rsaEncryption: "2a864886f70d010101",
  ecPublicKey: "2a8648ce3d0201",
  p256: "2a8648ce3d030107",
  p384: "2b81040022",
  commonName: "550403",
  basicConstraints: "551d13",
  keyUsage: "551d0f",
  authorityInfoAccess: "2b06010505070101",
  caIssuers: "2b06010505073002",
} as const;

/** Why a certificate chain is refused: always `SIGNATURE_INVALID` (the delivery is not proven PayPal's). */
export function chainError(detail: string): WebhookError {
  return new WebhookError(
    "SIGNATURE_INVALID",
    `[${PACKAGE}] PayPal's signing certificate is refused: ${detail}.`,
  );
}

const { readNode, children, parseTime } = /* @__PURE__ */ derReader(chainError);

function content(der: Uint8Array, node: Node): Uint8Array {
  return der.subarray(node.contentStart, node.end);
}

function hexOf(der: Uint8Array, node: Node): string {
  return toHex(content(der, node));
}

function commonNamesOf(der: Uint8Array, name: Node): string[] {
  const names: string[] = [];
  for (const rdn of children(der, name)) {
    for (const attribute of children(der, rdn)) {
      const [type, value] = children(der, attribute);
      if (!type || !value || type.tag !== 0x06 || hexOf(der, type) !== OID.commonName) continue;
      if (value.tag === 0x1e) {
        // BMPString: UTF-16BE
        const bytes = content(der, value);
        let text = "";
        for (let i = 0; i + 1 < bytes.length; i += 2)
          text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
        names.push(text);
      } else {
        names.push(new TextDecoder().decode(content(der, value)));
      }
    }
  }
  return names;
}

function parseExtensions(der: Uint8Array, wrapper: Node, out: ParsedCertificate): void {
  const [list] = children(der, wrapper);
  if (list?.tag !== 0x30) throw chainError("malformed extensions");
  for (const extension of children(der, list)) {
    const parts = children(der, extension);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id?.tag !== 0x06 || value?.tag !== 0x04) throw chainError("malformed extension");
    const oid = hexOf(der, id);
    const inner = readNode(der, value.contentStart, value.end);
    if (oid === OID.basicConstraints) {
      const first = children(der, inner)[0];
      out.isCA = first?.tag === 0x01 && der[first.contentStart] !== 0;
    } else if (oid === OID.keyUsage) {
      if (inner.tag !== 0x03) throw chainError("malformed keyUsage");
      const bytes = content(der, inner).subarray(1);
      // bit 0 is the most significant bit of the first byte
      let bits = 0;
      for (let i = 0; i < 9; i++) {
        const byte = bytes[i >> 3] ?? 0;
        if (byte & (0x80 >> (i & 7))) bits |= 1 << i;
      }
      out.keyUsage = bits;
    } else if (oid === OID.authorityInfoAccess) {
      for (const description of children(der, inner)) {
        const [method, location] = children(der, description);
        if (method?.tag === 0x06 && hexOf(der, method) === OID.caIssuers && location?.tag === 0x86) {
          out.caIssuers.push(new TextDecoder().decode(content(der, location)));
        }
      }
    }
  }
}

/**
 * Parse one DER X.509 certificate into what chain validation needs. Throws `SIGNATURE_INVALID` on
 * anything that is not a certificate.
 *
 * @example
 * ```ts
 * const [leaf] = pemCertificates(pem).map(parseCertificate);
 * ```
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const certificate = readNode(der, 0, der.length);
  if (certificate.tag !== 0x30 || certificate.end !== der.length) throw chainError("not a DER certificate");
  const [tbs, algorithm, signature] = children(der, certificate);
  if (tbs?.tag !== 0x30 || algorithm?.tag !== 0x30 || signature?.tag !== 0x03) {
    throw chainError("not an X.509 certificate");
  }
  const algorithmId = children(der, algorithm)[0];
  if (algorithmId?.tag !== 0x06) throw chainError("no signature algorithm");
  const fields = children(der, tbs);
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = fields[base + 2];
  const validity = fields[base + 3];
  const subject = fields[base + 4];
  const spki = fields[base + 5];
  if (issuer?.tag !== 0x30 || validity?.tag !== 0x30 || subject?.tag !== 0x30 || spki?.tag !== 0x30) {
    throw chainError("unexpected certificate structure");
  }
  const [notBefore, notAfter] = children(der, validity);
  if (!notBefore || !notAfter) throw chainError("no validity period");
  const [keyAlgorithm] = children(der, spki);
  const [keyOid, keyParams] = keyAlgorithm ? children(der, keyAlgorithm) : [];
  if (keyOid?.tag !== 0x06) throw chainError("no public key algorithm");
  const out: ParsedCertificate = {
    der,
    tbs: der.subarray(tbs.start, tbs.end),
    signatureAlgorithm: hexOf(der, algorithmId),
    signature: content(der, signature).subarray(1),
    issuer: der.subarray(issuer.start, issuer.end),
    subject: der.subarray(subject.start, subject.end),
    commonNames: commonNamesOf(der, subject),
    spki: der.slice(spki.start, spki.end),
    keyAlgorithm: hexOf(der, keyOid),
    keyCurve: keyParams?.tag === 0x06 ? hexOf(der, keyParams) : undefined,
    notBefore: parseTime(der, notBefore),
    notAfter: parseTime(der, notAfter),
    isCA: false,
    keyUsage: undefined,
    caIssuers: [],
  };
  const extensions = fields.find((field) => field.tag === 0xa3);
  if (extensions) parseExtensions(der, extensions, out);
  return out;
}

/**
 * The DER certificates in a PEM text (every `BEGIN CERTIFICATE` block, in order) or, for bytes that
 * are not PEM, the bytes themselves as one DER certificate.
 *
 * @example
 * ```ts
 * const [leaf, ...intermediates] = pemCertificates(await response.text());
 * ```
 */
export function pemCertificates(input: string | Uint8Array): Uint8Array[] {
  const text = typeof input === "string" ? input : new TextDecoder("latin1").decode(input);
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) {
    if (typeof input !== "string" && input[0] === 0x30) return [input];
    throw chainError("no PEM certificate found");
  }
  return blocks.map((block) => {
    const der = fromBase64(block[1]!.replace(/\s+/g, ""));
    if (!der) throw chainError("bad base64 in a PEM certificate");
    return der;
  });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ECDSA signatures are DER `SEQUENCE { r, s }` in X.509; Web Crypto wants `r || s`, each `size` bytes. */
function ecdsaRaw(signature: Uint8Array, size: number): Uint8Array {
  const sequence = readNode(signature, 0, signature.length);
  const [r, s] = children(signature, sequence);
  if (r?.tag !== 0x02 || s?.tag !== 0x02) throw chainError("malformed ECDSA signature");
  const out = new Uint8Array(size * 2);
  for (const [index, node] of [r, s].entries()) {
    let bytes = content(signature, node);
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) throw chainError("malformed ECDSA signature");
    out.set(bytes, index * size + (size - bytes.length));
  }
  return out;
}

/** True when `issuer`'s key made `certificate`'s signature. Unsupported algorithms (SHA-1…) are false. */
export async function signedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  const algorithm = certificate.signatureAlgorithm;
  const data = certificate.tbs as Uint8Array<ArrayBuffer>;
  try {
    if (
      algorithm === OID.sha256WithRSA ||
      algorithm === OID.sha384WithRSA ||
      algorithm === OID.sha512WithRSA
    ) {
      if (issuer.keyAlgorithm !== OID.rsaEncryption) return false;
      const hash =
        algorithm === OID.sha256WithRSA ? "SHA-256" : algorithm === OID.sha384WithRSA ? "SHA-384" : "SHA-512";
      const key = await crypto.subtle.importKey(
        "spki",
        issuer.spki as Uint8Array<ArrayBuffer>,
        { name: "RSASSA-PKCS1-v1_5", hash },
        false,
        ["verify"],
      );
      return await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        certificate.signature as Uint8Array<ArrayBuffer>,
        data,
      );
    }
    if (algorithm === OID.ecdsaWithSHA256 || algorithm === OID.ecdsaWithSHA384) {
      if (issuer.keyAlgorithm !== OID.ecPublicKey) return false;
      const curve =
        issuer.keyCurve === OID.p256 ? "P-256" : issuer.keyCurve === OID.p384 ? "P-384" : undefined;
      if (!curve) return false;
      const key = await crypto.subtle.importKey(
        "spki",
        issuer.spki as Uint8Array<ArrayBuffer>,
        { name: "ECDSA", namedCurve: curve },
        false,
        ["verify"],
      );
      const raw = ecdsaRaw(certificate.signature, curve === "P-256" ? 32 : 48);
      return await crypto.subtle.verify(
        { name: "ECDSA", hash: algorithm === OID.ecdsaWithSHA256 ? "SHA-256" : "SHA-384" },
        key,
        raw as Uint8Array<ArrayBuffer>,
        data,
      );
    }
  } catch {
    return false;
  }
  return false;
}

/** What {@link validateChain} needs besides the certificates. */
export interface ChainOptions {
  /** The trust anchors (root or pinned intermediate certificates). */
  anchors: readonly ParsedCertificate[];
  /** The common names the signing certificate may have. */
  subjects: readonly string[];
  /** Now, in ms. */
  now: number;
  /** Fetch an issuer certificate from an Authority Information Access URL (bytes, DER or PEM). */
  fetchIssuer?: (url: string) => Promise<Uint8Array | undefined>;
}

const MAX_DEPTH = 6;

/**
 * Validate PayPal's signing certificate: its subject is one of PayPal's signing names, and it chains —
 * through the other certificates PayPal served, or issuers named in Authority Information Access —
 * to a trust anchor, every link signed by the next (RSA or ECDSA, SHA-256 or stronger), every issuer
 * a CA (basicConstraints, keyUsage keyCertSign), every certificate within its validity period.
 * Returns the validity window the whole chain shares. Throws `SIGNATURE_INVALID` otherwise.
 *
 * @example
 * ```ts
 * const { notBefore, notAfter } = await validateChain(leaf, intermediates, { anchors, subjects, now: Date.now() });
 * ```
 */
export async function validateChain(
  leaf: ParsedCertificate,
  others: readonly ParsedCertificate[],
  options: ChainOptions,
): Promise<{ notBefore: number; notAfter: number }> {
  if (!leaf.commonNames.some((name) => options.subjects.includes(name.toLowerCase()))) {
    throw chainError(
      `its subject (CN ${leaf.commonNames.join(", ") || "none"}) is not one of PayPal's signing certificates (${options.subjects.join(", ")})`,
    );
  }
  if (leaf.keyUsage !== undefined && (leaf.keyUsage & 1) === 0) {
    throw chainError("its key usage does not allow digital signatures");
  }
  const pool = [...others];
  const fetched = new Set<string>();
  let notBefore = -Infinity;
  let notAfter = Infinity;
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (options.now < current.notBefore || options.now > current.notAfter) {
      throw chainError(`${depth === 0 ? "it" : "an issuing certificate"} is outside its validity period`);
    }
    notBefore = Math.max(notBefore, current.notBefore);
    notAfter = Math.min(notAfter, current.notAfter);
    if (depth > 0) {
      if (!current.isCA) throw chainError("an issuing certificate is not a CA (basicConstraints)");
      if (current.keyUsage !== undefined && (current.keyUsage & (1 << 5)) === 0) {
        throw chainError("an issuing certificate may not sign certificates (keyUsage)");
      }
      if (options.anchors.some((anchor) => equalBytes(anchor.der, current.der)))
        return { notBefore, notAfter };
    }
    for (const anchor of options.anchors) {
      if (equalBytes(anchor.subject, current.issuer) && (await signedBy(current, anchor))) {
        if (options.now < anchor.notBefore || options.now > anchor.notAfter) {
          throw chainError("the trusted root is outside its validity period");
        }
        return {
          notBefore: Math.max(notBefore, anchor.notBefore),
          notAfter: Math.min(notAfter, anchor.notAfter),
        };
      }
    }
    let next: ParsedCertificate | undefined;
    for (const candidate of pool) {
      if (
        candidate !== current &&
        equalBytes(candidate.subject, current.issuer) &&
        (await signedBy(current, candidate))
      ) {
        next = candidate;
        break;
      }
    }
    if (!next && options.fetchIssuer) {
      for (const url of current.caIssuers) {
        if (fetched.has(url) || fetched.size >= 4) continue;
        fetched.add(url);
        const bytes = await options.fetchIssuer(url);
        if (!bytes) continue;
        let found: ParsedCertificate[];
        try {
          found = pemCertificates(bytes).map(parseCertificate);
        } catch {
          continue;
        }
        pool.push(...found);
        next = await (async () => {
          for (const candidate of found) {
            if (equalBytes(candidate.subject, current.issuer) && (await signedBy(current, candidate)))
              return candidate;
          }
          return undefined;
        })();
        if (next) break;
      }
    }
    if (!next)
      throw chainError(
        "it does not chain to a trusted root (pass trustedCertificates if PayPal changed its CA)",
      );
    current = next;
  }
  throw chainError("the chain is too long");
}
