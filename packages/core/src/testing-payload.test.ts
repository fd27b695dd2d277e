import { describe, expect, it } from "vitest";
import { defineReceiver } from "./receiver.js";
import { codeSecretDescriptor, isPayloadObject } from "./testing.js";

describe("isPayloadObject", () => {
  it("is true for a JSON object, false for arrays, bytes, strings, null and numbers", () => {
    expect(isPayloadObject({})).toBe(true);
    expect(isPayloadObject({ type: "ping" })).toBe(true);
    for (const value of [[], [1], new Uint8Array(2), "{}", null, undefined, 3]) {
      expect(isPayloadObject(value)).toBe(false);
    }
  });
});

describe("codeSecretDescriptor", () => {
  it("passes the example delivery through, and signs with the code in the URL", async () => {
    const receiver = () =>
      defineReceiver({
        provider: "acme",
        packageName: "@t/acme",
        verify: () => ({ type: "t", payload: {} }),
      });
    const example = { payload: { status: "success" }, event: "deploy" };
    const descriptor = codeSecretDescriptor({ name: "acme", packageName: "@t/acme", receiver, example });
    expect(descriptor.example).toEqual(example);
    expect(codeSecretDescriptor({ name: "acme", packageName: "@t/acme", receiver }).example).toBeUndefined();
    const request = await descriptor.sign({ secret: "c".repeat(32), payload: example.payload });
    expect(new URL(request.url).searchParams.get("code")).toBe("c".repeat(32));
  });
});
