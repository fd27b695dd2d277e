import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { azureContainerRegistry } from "./receiver.js";
import { azureContainerRegistryTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/push.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("azureContainerRegistry()", () => {
  const receiver = azureContainerRegistry({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(
      await azureContainerRegistryTestRequest({ secret: CODE, payload: fixture }),
    );
    expect(event.provider).toBe("azure-container-registry");
    expect(event.type).toBe("push");
    expect(event.id).toBe("cb8c3971-9adc-488b-xxxx-43cbb4974ff5");
    expect(event.meta).toMatchObject({ repository: "hello-world", tag: "v1" });
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(
        receiver.verify(await azureContainerRegistryTestRequest({ secret: `${CODE}x`, payload: fixture })),
      ),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/azure-container-registry", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        azureContainerRegistry({ code: "short" }).verify(
          await azureContainerRegistryTestRequest({ secret: "short", payload: fixture }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => azureContainerRegistry({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await azureContainerRegistryTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(
        receiver.verify(await azureContainerRegistryTestRequest({ secret: CODE, payload: "{not json" })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("accepts HTTP Basic credentials instead of the code, in constant time", async () => {
    const receiver = azureContainerRegistry({ basicAuth: { username: "hooks", password: "pa55word" } });
    const ok = await azureContainerRegistryTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:pa55word")}` },
    });
    expect((await receiver.verify(ok)).type).toBe("push");
    const bad = await azureContainerRegistryTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:wrong")}` },
    });
    expect(await codeOf(receiver.verify(bad))).toBe("SIGNATURE_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { azure_container_registry: receiver } });
    const seen: string[] = [];
    hooks.on("azure_container_registry", "push", (event) => {
      seen.push(event.type);
    });
    const request = await azureContainerRegistryTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/azure_container_registry",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["push"]);
  });
});
