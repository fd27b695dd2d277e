import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { kudu } from "./receiver.js";
import { kuduTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/deployment-success.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("kudu()", () => {
  const receiver = kudu({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await kuduTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("kudu");
    expect(event.type).toBe("success");
    expect(event.id).toBe("cd5d4e2c3b1f4e5fa0c9d1e2f3a4b5c6");
    expect(event.meta.siteName).toBe("my-site");
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await kuduTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/kudu", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        kudu({ code: "short" }).verify(await kuduTestRequest({ secret: "short", payload: fixture })),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => kudu({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await kuduTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(await kuduTestRequest({ secret: CODE, payload: "{not json" })))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { kudu: receiver } });
    const seen: string[] = [];
    hooks.on("kudu", "success", (event) => {
      seen.push(event.type);
    });
    const request = await kuduTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/kudu",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["success"]);
  });
});
