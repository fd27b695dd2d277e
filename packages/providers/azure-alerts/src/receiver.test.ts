import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { azureAlerts } from "./receiver.js";
import { azureAlertsTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/common-alert-metric.json", import.meta.url), "utf8");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("azureAlerts()", () => {
  const receiver = azureAlerts({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("azure-alerts");
    expect(event.type).toBe("alert.fired");
    expect(event.id).toBe(
      "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/12345678-1234-1234-1234-1234567890ab",
    );
    expect(event.meta.severity).toBe("Sev3");
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await azureAlertsTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/azure-alerts", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        azureAlerts({ code: "short" }).verify(
          await azureAlertsTestRequest({ secret: "short", payload: fixture }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => azureAlerts({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await azureAlertsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
    const classic = await azureAlertsTestRequest({
      secret: CODE,
      payload: { status: "Activated", context: { id: "rule-1", name: "cpu-high" } },
    });
    expect((await receiver.verify(classic)).type).toBe("cpu-high");
    const neither = await azureAlertsTestRequest({ secret: CODE, payload: { hello: "world" } });
    expect(await codeOf(receiver.verify(neither))).toBe("PAYLOAD_INVALID");
  });

  it("accepts HTTP Basic credentials instead of the code, in constant time", async () => {
    const receiver = azureAlerts({ basicAuth: { username: "hooks", password: "pa55word" } });
    const ok = await azureAlertsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:pa55word")}` },
    });
    expect((await receiver.verify(ok)).type).toBe("alert.fired");
    const bad = await azureAlertsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:wrong")}` },
    });
    expect(await codeOf(receiver.verify(bad))).toBe("SIGNATURE_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { azure_alerts: receiver } });
    const seen: string[] = [];
    hooks.on("azure_alerts", "alert.fired", (event) => {
      seen.push(event.type);
    });
    const request = await azureAlertsTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/azure_alerts",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["alert.fired"]);
  });
});
