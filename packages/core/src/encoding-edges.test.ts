// fromHex and fromBase64 at their edges (signatures are decoded with them).
import { describe, expect, it } from "vitest";
import { fromBase64, fromHex } from "./encoding.js";

describe("decoding signatures", () => {
  it("fromHex reads both cases and refuses characters outside ASCII", () => {
    expect([...fromHex("09afAF")!]).toEqual([0x09, 0xaf, 0xaf]);
    for (const bad of ["\u00e9a", "a\u00e9", "\u0130a", "0\u0660"])
      expect([bad, fromHex(bad)]).toEqual([bad, undefined]);
    for (const bad of ["/0", "0:", "@0", "0G", "`0", "0g"])
      expect([bad, fromHex(bad)]).toEqual([bad, undefined]);
  });

  it("fromBase64 takes up to two padding characters, and no length that leaves one character over", () => {
    expect([...fromBase64("aGk=")!]).toEqual([104, 105]);
    expect([...fromBase64("aA==")!]).toEqual([104]);
    expect(fromBase64("aA===")).toBeUndefined();
    expect(fromBase64("aGkaa")).toBeUndefined();
    expect(fromBase64("aGkaa=")).toBeUndefined();
    expect([...fromBase64("")!]).toEqual([]);
    expect([...fromBase64("-_8")!]).toEqual([0xfb, 0xff]);
  });
});
