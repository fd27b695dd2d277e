import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { azureDevops } from "./receiver.js";
import { azureDevopsTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/git-push.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("azureDevops()", () => {
  const receiver = azureDevops({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("azure-devops");
    expect(event.type).toBe("git.push");
    expect(event.id).toBe("03c164c2-8912-4d5e-8009-3707d5f83734");
    expect(event.meta.publisherId).toBe("tfs");
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await azureDevopsTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/azure-devops", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        azureDevops({ code: "short" }).verify(
          await azureDevopsTestRequest({ secret: "short", payload: fixture }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => azureDevops({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("accepts HTTP Basic credentials instead of the code, in constant time", async () => {
    const receiver = azureDevops({ basicAuth: { username: "hooks", password: "pa55word" } });
    const ok = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:pa55word")}` },
    });
    expect((await receiver.verify(ok)).type).toBe("git.push");
    const bad = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:wrong")}` },
    });
    expect(await codeOf(receiver.verify(bad))).toBe("SIGNATURE_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { azure_devops: receiver } });
    const seen: string[] = [];
    hooks.on("azure_devops", "git.push", (event) => {
      seen.push(event.type);
    });
    const request = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/azure_devops",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["git.push"]);
  });
});
