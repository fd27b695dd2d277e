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
