import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  concatBytes,
  fromBase64,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
  utf8Decode,
} from "./encoding.js";

describe("encoding", () => {
  it("round-trips hex, base64 and base64url for arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64Url(bytes))).toEqual(bytes);
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
      { numRuns: 50 },
    );
  });

  it("rejects invalid hex and base64 instead of throwing", () => {
    expect(fromHex("abc")).toBeUndefined();
    expect(fromHex("zz")).toBeUndefined();
    expect(fromBase64("a")).toBeUndefined();
    expect(fromBase64("!!!!")).toBeUndefined();
    expect(fromBase64("aGk")).toEqual(utf8("hi"));
  });

  it("concatenates strings and bytes as UTF-8", () => {
    expect(utf8Decode(concatBytes("v0:", "1", utf8(":é")))).toBe("v0:1:é");
  });
});
