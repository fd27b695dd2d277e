import { describe, expect, it } from "vitest";
import { isPayloadObject } from "./testing.js";

describe("isPayloadObject", () => {
  it("is true for a JSON object, false for arrays, bytes, strings, null and numbers", () => {
    expect(isPayloadObject({})).toBe(true);
    expect(isPayloadObject({ type: "ping" })).toBe(true);
    for (const value of [[], [1], new Uint8Array(2), "{}", null, undefined, 3]) {
      expect(isPayloadObject(value)).toBe(false);
    }
  });
});
