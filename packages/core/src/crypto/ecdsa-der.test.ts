// derToP1363 / p1363ToDer at the edges of strict DER (the Web build's ECDSA conversion).
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../encoding.js";
import { derToP1363, p1363ToDer } from "./ecdsa-der.js";

describe("ECDSA DER at its edges", () => {
  it("reads the shortest signature, r = s = 1 (eight bytes)", () => {
    expect(toHex(derToP1363(fromHex("3006020101020101")!, 32)!)).toBe(
      `${"00".repeat(31)}01${"00".repeat(31)}01`,
    );
  });

  it("refuses an empty INTEGER, a long-form length, and a value too wide for the curve", () => {
    for (const bad of [
      "3006020002020101", // r of length 0
      "308106020101020101", // a long-form sequence length
      `3026022100${"01".repeat(32)}020101`, // r with a zero byte it does not need
    ]) {
      expect([bad, derToP1363(fromHex(bad)!, 32)]).toEqual([bad, undefined]);
    }
    // a 33-byte r that needs its zero byte is 32 bytes wide
    expect(derToP1363(fromHex(`3026022100${"80".repeat(32)}020101`)!, 32)).toHaveLength(64);
    expect(derToP1363(fromHex(`3026022100${"80".repeat(32)}020101`)!, 31)).toBeUndefined();
  });

  it("reads r = 0, and refuses r or s not tagged INTEGER and bytes after s inside the sequence", () => {
    expect(toHex(derToP1363(fromHex("3006020100020101")!, 32)!)).toBe(`${"00".repeat(63)}01`);
    expect(derToP1363(fromHex("3006040101020101")!, 32)).toBeUndefined();
    expect(derToP1363(fromHex("3006020101040101")!, 32)).toBeUndefined();
    expect(derToP1363(fromHex("3009020101020101050000")!, 32)).toBeUndefined();
  });

  it("writes leading zero bytes away, keeping every significant byte", () => {
    const value = new Uint8Array(64);
    value.set([0x12, 0x34], 30);
    value[63] = 1;
    expect(toHex(p1363ToDer(value))).toBe("3007020212340201" + "01");
  });

  it("writes zero as one zero byte", () => {
    expect(toHex(p1363ToDer(new Uint8Array(64)))).toBe("3006020100020100");
    const one = new Uint8Array(64);
    one[31] = 1;
    one[63] = 0x7f;
    expect(toHex(p1363ToDer(one))).toBe("300602010102017f");
  });
});
