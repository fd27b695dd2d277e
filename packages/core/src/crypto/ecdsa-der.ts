/**
 * ECDSA signatures in their two encodings: DER (`SEQUENCE { INTEGER r, INTEGER s }`, what
 * `node:crypto`, OpenSSL, Java and SendGrid use) and IEEE P1363 (`r || s`, fixed width, what Web
 * Crypto uses). The Web build converts between them so both builds take and give DER.
 */

/** The fixed-width `r || s` of a DER ECDSA signature, or `undefined` when it is not strict DER. */
export function derToP1363(der: Uint8Array, size: number): Uint8Array | undefined {
  // SEQUENCE, short-form length (a P-256 signature is at most 72 bytes), exactly the whole input.
  if (der.length < 8 || der[0] !== 0x30 || der[1]! > 0x7f || der[1]! + 2 !== der.length) return undefined;
  const out = new Uint8Array(size * 2);
  let offset = 2;
  for (let part = 0; part < 2; part++) {
    if (der[offset] !== 0x02) return undefined;
    const length = der[offset + 1]!;
    const start = offset + 2;
    const end = start + length;
    if (length === 0 || length > 0x7f || end > der.length) return undefined;
    // A negative INTEGER, or a zero byte that is not needed to keep it positive, is not DER.
    if (der[start]! & 0x80) return undefined;
    if (length > 1 && der[start] === 0 && !(der[start + 1]! & 0x80)) return undefined;
    let value = der.subarray(start, end);
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return undefined;
    out.set(value, part * size + size - value.length);
    offset = end;
  }
  return offset === der.length ? out : undefined;
}

/** The DER encoding of a fixed-width `r || s` ECDSA signature. */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  const size = signature.length / 2;
  const integer = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = [...bytes.subarray(i)];
    if (body[0]! & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const content = [...integer(signature.subarray(0, size)), ...integer(signature.subarray(size))];
  return Uint8Array.from([0x30, content.length, ...content]);
}
