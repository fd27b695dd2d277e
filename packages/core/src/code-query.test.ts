import { describe, expect, it } from "vitest";
import { verifyBasicAuth, verifyCodeQuery } from "./code-query.js";
import type { WebhookRequest } from "./types.js";

const CODE = "a".repeat(32);
const req = (url: string, headers: Record<string, string> = {}): WebhookRequest => ({
  method: "POST",
  url,
  headers: new Headers(headers),
  body: new Uint8Array(),
});

describe("verifyCodeQuery", () => {
  it("accepts the configured code and any of several", async () => {
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${CODE}`), { code: CODE }, "@t"),
    ).resolves.toBeUndefined();
    const other = "b".repeat(40);
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${other}`), { code: [CODE, other] }, "@t"),
    ).resolves.toBeUndefined();
  });
  it("refuses a wrong or missing code, and a configured code shorter than 32 characters", async () => {
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${"c".repeat(32)}`), { code: CODE }, "@t"),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(verifyCodeQuery(req("https://x.test/h"), { code: CODE }, "@t")).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
    });
    await expect(
      verifyCodeQuery(req("https://x.test/h?code=short"), { code: "short" }, "@t"),
    ).rejects.toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
    await expect(
      verifyCodeQuery(req("https://x.test/h?code=x"), { code: undefined }, "@t"),
    ).rejects.toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
  });
});

describe("verifyBasicAuth", () => {
  it("accepts matching credentials and refuses others", () => {
    const ok = req("https://x.test", { authorization: `Basic ${btoa("u:p")}` });
    expect(() => verifyBasicAuth(ok, [{ username: "u", password: "p" }], "@t")).not.toThrow();
    expect(() => verifyBasicAuth(ok, [{ username: "u", password: "q" }], "@t")).toThrow(/failed/);
    expect(() => verifyBasicAuth(req("https://x.test"), [{ username: "u", password: "p" }], "@t")).toThrow(
      /missing/,
    );
  });
});

describe("URL secrets, Basic auth and secret options (receivers review)", () => {
  it("refuses a code secret over plain http with HTTPS_REQUIRED, unless allowHttp or a trusted proxy says https", async () => {
    const { assertSharedSecret, verifySharedSecret } = await import("./code-query.js");
    const http = req(`http://x.test/h?code=${CODE}`);
    await expect(verifyCodeQuery(http, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
      status: 403,
    });
    await expect(verifySharedSecret(http, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    await expect(verifySharedSecret(http, { code: CODE, allowHttp: true }, "@t")).resolves.toBeUndefined();
    const proxied = req(`http://x.test/h?code=${CODE}`, { "x-forwarded-proto": "https" });
    await expect(verifyCodeQuery(proxied, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    await expect(verifyCodeQuery(proxied, { code: CODE, trustProxy: true }, "@t")).resolves.toBeUndefined();
    const standard = req(`http://x.test/h?code=${CODE}`, { forwarded: "for=1.2.3.4;proto=https" });
    await expect(
      verifySharedSecret(standard, { code: CODE, trustProxy: true }, "@t"),
    ).resolves.toBeUndefined();
    const plainProxy = req(`https://x.test/h?code=${CODE}`, { "x-forwarded-proto": "http" });
    await expect(verifyCodeQuery(plainProxy, { code: CODE, trustProxy: true }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    expect(() => assertSharedSecret({ code: CODE, allowHttp: true }, "@t")).not.toThrow();
  });

  it("refuses a code outside 32–128 characters when the receiver is created", async () => {
    const { assertSharedSecret, assertCodeOption } = await import("./code-query.js");
    for (const code of ["short", "x".repeat(129), [CODE, "y".repeat(31)]]) {
      let caught: unknown;
      try {
        assertSharedSecret({ code }, "@t");
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: "CONFIGURATION_INVALID" });
      expect((caught as Error).message).toMatch(/between 32 and 128 characters, got \d+/);
    }
    expect(() => assertCodeOption("z".repeat(128), "@t")).not.toThrow();
    expect(() => assertCodeOption(() => "short", "@t")).not.toThrow(); // a function is checked per request
  });

  it("decodes Basic credentials as UTF-8, so a non-ASCII password matches", () => {
    const password = "pässwörd-ß-✓";
    const encoded = Buffer.from(`user:${password}`, "utf8").toString("base64");
    const request = req("https://x.test/h", { authorization: `Basic ${encoded}` });
    expect(() => verifyBasicAuth(request, [{ username: "user", password }], "@t")).not.toThrow();
    expect(() => verifyBasicAuth(request, [{ username: "user", password: "passwoerd" }], "@t")).toThrow(
      /Basic authentication failed/,
    );
    const latin1 = req("https://x.test/h", { authorization: `Basic ${btoa("user:p\u00e4ss")}` });
    expect(() => verifyBasicAuth(latin1, [{ username: "user", password: "päss" }], "@t")).toThrow(
      /Basic authentication failed/,
    );
  });

  it("accepts a rotation list with an unset entry, and names an empty entry", async () => {
    const { assertSecretOption } = await import("./secrets.js");
    const previous = process.env.HOOKWIRE_TEST_UNSET_SECRET; // unset, as in the README's rotation example
    expect(() => assertSecretOption(["current", previous!], "@t")).not.toThrow();
    expect(() => assertSecretOption(["current", ""], "@t")).toThrow(/secret\[1\] is an empty string/);
    expect(() => assertSecretOption([undefined!, undefined!], "@t")).toThrow(/missing or empty/);
    expect(() => assertSecretOption(["a", 5 as never], "@t", "code")).toThrow(
      /code\[1\] is not a string \(number\)/,
    );
  });
});
