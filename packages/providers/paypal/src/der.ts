/** A DER element: its tag, where it starts, where its content starts and where it ends. */
export interface DerNode {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** The DER primitives the certificate readers share, throwing the caller's error on bad input. */
export interface DerReader {
  /** The element at `offset`, which must end by `limit`. */
  readNode(der: Uint8Array, offset: number, limit: number): DerNode;
  /** The elements inside a constructed element. */
  children(der: Uint8Array, parent: DerNode): DerNode[];
  /** A UTCTime (YYMMDDHHMMSSZ, tag 0x17) or GeneralizedTime (YYYYMMDDHHMMSSZ, tag 0x18), in ms since the epoch. */
  parseTime(der: Uint8Array, node: DerNode): number;
}

/**
 * A small DER reader (definite lengths up to 4 bytes) whose failures are the caller's errors.
 *
 * @example
 * ```ts
 * const { readNode, children } = derReader((detail) => new Error(detail));
 * const certificate = readNode(der, 0, der.length);
 * ```
 */
export function derReader(fail: (detail: string) => Error): DerReader {
  function readNode(der: Uint8Array, offset: number, limit: number): DerNode {
    if (offset + 2 > limit) throw fail("truncated DER");
    const tag = der[offset]!;
    let length = der[offset + 1]!;
    let contentStart = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || contentStart + count > limit) throw fail("bad DER length");
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i]!;
      contentStart += count;
    }
    const end = contentStart + length;
    if (end > limit) throw fail("truncated DER");
    return { tag, start: offset, contentStart, end };
  }

  function children(der: Uint8Array, parent: DerNode): DerNode[] {
    const out: DerNode[] = [];
    let offset = parent.contentStart;
    while (offset < parent.end) {
      const node = readNode(der, offset, parent.end);
      out.push(node);
      offset = node.end;
    }
    return out;
  }

  function parseTime(der: Uint8Array, node: DerNode): number {
    const text = new TextDecoder().decode(der.subarray(node.contentStart, node.end));
    const match =
      node.tag === 0x17
        ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : node.tag === 0x18
          ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
          : null;
    if (!match) throw fail("unreadable validity period");
    let year = Number(match[1]);
    if (node.tag === 0x17) year += year >= 50 ? 1900 : 2000;
    return Date.UTC(
      year,
      Number(match[2]) - 1,
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6]),
    );
  }

  return { readNode, children, parseTime };
}
