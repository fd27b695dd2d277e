import { fromBase64, WebhookError } from "@hookwire/core";
import { derReader } from "./der.js";

const PACKAGE = "@hookwire/paypal";

/** What Hookwire needs from an X.509 certificate: its public key and validity period. */
export interface CertificateInfo {
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Start of the validity period (ms since the epoch). */
  notBefore: number;
  /** End of the validity period (ms since the epoch). */
  notAfter: number;
}

function invalid(detail: string): WebhookError {
  return new WebhookError(
    "SIGNATURE_INVALID",
    `[${PACKAGE}] The signing certificate is not valid: ${detail}.`,
  );
}

const { readNode, children, parseTime } = /* @__PURE__ */ derReader(invalid);

/**
 * Read the public key and validity period of a PEM (or DER) X.509 certificate with a small DER
 * walk (Certificate → tbsCertificate → validity, subjectPublicKeyInfo). Throws `SIGNATURE_INVALID`
 * on anything that is not a certificate.
 *
 * @example
 * ```ts
 * const { spki, notAfter } = readCertificate(pem);
 * ```
 */
export function readCertificate(input: string | Uint8Array): CertificateInfo {
  let der: Uint8Array;
  if (typeof input === "string") {
    const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(input);
    if (!match) throw invalid("no PEM certificate found");
    let decoded: Uint8Array | undefined;
    try {
      decoded = fromBase64(match[1]!.replace(/\s+/g, ""));
    } catch {
      decoded = undefined;
    }
    if (!decoded) throw invalid("bad base64");
    der = decoded;
  } else {
    der = input;
  }
  const certificate = readNode(der, 0, der.length);
  if (certificate.tag !== 0x30) throw invalid("not a DER sequence");
  const tbs = children(der, certificate)[0];
  if (tbs?.tag !== 0x30) throw invalid("no tbsCertificate");
  const fields = children(der, tbs);
  // [0] version is optional; then serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const validity = fields[base + 3];
  const spki = fields[base + 5];
  if (validity?.tag !== 0x30 || !spki || spki.tag !== 0x30) throw invalid("unexpected structure");
  const [notBefore, notAfter] = children(der, validity);
  if (!notBefore || !notAfter) throw invalid("no validity period");
  return {
    spki: der.slice(spki.start, spki.end),
    notBefore: parseTime(der, notBefore),
    notAfter: parseTime(der, notAfter),
  };
}

const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE, as in zlib) of the bytes, as an unsigned integer — the form PayPal signs.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode("123456789")) // 3421780262 (0xCBF43926)
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
