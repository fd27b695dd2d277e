import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { dynamicsCrm } from "./receiver.js";
import { dynamicsCrmTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/create-account.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("dynamicsCrm()", () => {
  const receiver = dynamicsCrm({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("dynamics-crm");
    expect(event.type).toBe("Create.account");
    expect(event.id).toBe("6f7b3fc9-3d8f-4c6d-8d5c-a5ef9c3b7e21");
    expect(event.meta.organizationName).toBe("contoso");
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await dynamicsCrmTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/dynamics-crm", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        dynamicsCrm({ code: "short" }).verify(
          await dynamicsCrmTestRequest({ secret: "short", payload: fixture }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => dynamicsCrm({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await dynamicsCrmTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { dynamics_crm: receiver } });
    const seen: string[] = [];
    hooks.on("dynamics_crm", "Create.account", (event) => {
      seen.push(event.type);
    });
    const request = await dynamicsCrmTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/dynamics_crm",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["Create.account"]);
  });
});
