// encoding.ts where there is no Node Buffer (edge runtimes, Deno, browsers): the module is loaded again
// with `Buffer` hidden, so it takes TextDecoder and atob, and must answer as it does on Node.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as onNode from "./encoding.js";

let web: typeof onNode;
beforeAll(async () => {
  vi.resetModules();
  vi.stubGlobal("Buffer", undefined);
  try {
    web = await import("./encoding.js");
  } finally {
    vi.unstubAllGlobals();
  }
});
afterAll(() => {
  vi.resetModules();
});

describe("encoding without Node's Buffer", () => {
  it("is a separate module instance", () => {
    expect(web).not.toBe(onNode);
  });

  it("decodes UTF-8 as Node does: invalid sequences become U+FFFD, a byte-order mark is kept", () => {
    for (const bytes of [
      [0x68, 0x69],
      [0xff, 0x61],
      [0xc3],
      [0xed, 0xa0, 0x80],
      [0xef, 0xbb, 0xbf, 0x61],
      [0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80],
    ]) {
      const input = Uint8Array.from(bytes);
      expect([bytes, web.utf8Decode(input)]).toEqual([bytes, Buffer.from(input).toString("utf8")]);
    }
    expect(web.utf8Decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe("\ufeffa");
    expect(web.utf8Decode(Uint8Array.from([0xff]))).toBe("\ufffd");
  });

  it("decodes base64 and base64url, padded or not, as Node's Buffer does", () => {
    expect([...web.fromBase64("aGk=")!]).toEqual([104, 105]);
    expect([...web.fromBase64("aGk==")!]).toEqual([104, 105]);
    expect([...web.fromBase64("aGk")!]).toEqual([104, 105]);
    expect([...web.fromBase64("aGlq")!]).toEqual([104, 105, 106]);
    expect([...web.fromBase64("-_8")!]).toEqual([0xfb, 0xff]);
    expect([...web.fromBase64("+/8=")!]).toEqual([0xfb, 0xff]);
    expect([...web.fromBase64("")!]).toEqual([]);
    for (const bad of ["a", "aGkaa", "aA===", "!!!!", "aG=k"])
      expect([bad, web.fromBase64(bad)]).toEqual([bad, undefined]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const standard = Buffer.from(bytes).toString("base64");
        expect(web.fromBase64(standard)).toEqual(bytes);
        expect(web.fromBase64(Buffer.from(bytes).toString("base64url"))).toEqual(bytes);
        expect(web.fromBase64(standard.replace(/=+$/, ""))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
    // any string of the alphabets, with up to two '=': the same answer as on Node
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."AZaz09+/-_=Qw"), maxLength: 12 }), (value) => {
        expect([value, web.fromBase64(value)]).toEqual([value, onNode.fromBase64(value)]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("toBase64Url", () => {
  it("drops all of the padding", () => {
    expect(onNode.toBase64Url(Uint8Array.from([0x68]))).toBe("aA");
    expect(onNode.toBase64Url(Uint8Array.from([0x68, 0x69]))).toBe("aGk");
    expect(onNode.toBase64Url(Uint8Array.from([0xfb, 0xff]))).toBe("-_8");
  });
});
