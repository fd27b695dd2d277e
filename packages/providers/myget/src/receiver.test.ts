import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { myget } from "./receiver.js";
import { mygetTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/package-added.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("myget()", () => {
  const receiver = myget({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await mygetTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("myget");
    expect(event.type).toBe("PackageAddedWebHookEventPayloadV1");
    expect(event.id).toBe("7b2e3a4d-6f8c-4b1a-9c2d-3e4f5a6b7c8d");
    expect(event.meta.feed).toBe("sample-feed");
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await mygetTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/myget", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        myget({ code: "short" }).verify(await mygetTestRequest({ secret: "short", payload: fixture })),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => myget({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await mygetTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await mygetTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { myget: receiver } });
    const seen: string[] = [];
    hooks.on("myget", "PackageAddedWebHookEventPayloadV1", (event) => {
      seen.push(event.type);
    });
    const request = await mygetTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/myget",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["PackageAddedWebHookEventPayloadV1"]);
  });
});
