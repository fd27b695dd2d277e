import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "./encoding.js";
import { defineReceiver } from "./receiver.js";
import { hmacScheme } from "./scheme.js";
import { codeSecretDescriptor, isPayloadObject, signatureHeader, testRequest } from "./testing.js";

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

describe("testRequest's fields and signatureHeader", () => {
  const scheme = hmacScheme({
    packageName: "@t/acme",
    algorithm: "SHA-256",
    encoding: "hex",
    header: "X-Acme-Sig",
  });
  const mac = (body: string) => createHmac("sha256", "s3cret").update(body).digest("hex");

  it("gives an object payload the fields it lacks, and sends strings and bytes as they are", async () => {
    const shape = { url: "https://example.com/hook", fields: { type: "ping", id: "evt_1" } };
    const filled = await testRequest(scheme, { secret: "s3cret", payload: { id: "own", data: 1 } }, shape);
    const body = await filled.text();
    expect(JSON.parse(body)).toEqual({ type: "ping", id: "own", data: 1 });
    expect(filled.headers.get("x-acme-sig")).toBe(mac(body));
    for (const payload of ['{"a":1}', utf8("[1]")]) {
      const sent = await testRequest(scheme, { secret: "s3cret", payload }, shape);
      expect(await sent.text()).toBe(typeof payload === "string" ? payload : "[1]");
    }
    const array = await testRequest(scheme, { secret: "s3cret", payload: [{ a: 1 }] }, shape);
    expect(await array.text()).toBe('[{"a":1}]');
  });

  it("signatureHeader is the header's value for a body, as text or bytes", async () => {
    expect(await signatureHeader(scheme, "X-Acme-Sig", '{"a":1}', "s3cret")).toBe(mac('{"a":1}'));
    expect(await signatureHeader(scheme, "X-Acme-Sig", utf8('{"a":1}'), "s3cret")).toBe(mac('{"a":1}'));
    const stamped = hmacScheme({
      packageName: "@t/acme",
      algorithm: "SHA-256",
      encoding: "hex",
      header: "X-Acme-Sig",
      format: (signatures, timestamp) => `t=${timestamp},v1=${signatures[0]}`,
      timestamp: { toleranceSeconds: Number.POSITIVE_INFINITY },
      parse: () => undefined,
      content: ({ timestamp, body }) => `${timestamp}.${new TextDecoder().decode(body)}`,
    });
    expect(await signatureHeader(stamped, "X-Acme-Sig", "{}", "s3cret", 1700000000)).toBe(
      `t=1700000000,v1=${mac("1700000000.{}")}`,
    );
  });
});
