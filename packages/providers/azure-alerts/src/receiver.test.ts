import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { type AzureCommonAlert, isAlertSignal } from "./events.js";
import { azureAlerts } from "./receiver.js";
import { azureAlertsTestRequest, descriptor } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/common-alert-metric.json", import.meta.url), "utf8");
const resolved = readFileSync(
  new URL("../test/fixtures/common-alert-metric-resolved.json", import.meta.url),
  "utf8",
);
const classicAlert = {
  status: "Activated",
  context: {
    id: "/subscriptions/s1/resourceGroups/rg/providers/microsoft.insights/alertrules/cpu-high",
    name: "cpu-high",
    timestamp: "2026-01-02T10:00:00.000Z",
    conditionType: "Metric",
    condition: { metricName: "CPU percentage", threshold: "80", operator: "GreaterThan" },
  },
};

describe("azureAlerts()", () => {
  const receiver = azureAlerts({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("azure-alerts");
    expect(event.type).toBe("alert.fired");
    expect(event.id).toBe(
      "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330:Fired:2019-03-22T13:58:24.3713213Z",
    );
    expect(event.meta.severity).toBe("Sev3");
    const alert = event.payload as AzureCommonAlert;
    expect(isAlertSignal(alert, "Metric")).toBe(true);
    expect(isAlertSignal(alert, "Log")).toBe(false);
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

  it("names a resolved common-schema alert alert.resolved, with an id of its own", async () => {
    const fired = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: fixture }));
    const event = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: resolved }));
    expect(event.type).toBe("alert.resolved");
    // Azure's samples: both notifications carry the same alertId; the event ids must still differ
    expect((event.payload as AzureCommonAlert).data.essentials.alertId).toBe(
      (fired.payload as AzureCommonAlert).data.essentials.alertId,
    );
    expect(event.id).toMatch(/b9569717-bc32-442f-add5-83a997729330:Resolved:2019-03-22T14:03:16.2246313Z$/);
    expect(event.id).not.toBe(fired.id);
    expect(event.meta.schema).toBe("common");
    const noTime = JSON.parse(resolved);
    delete noTime.data.essentials.resolvedDateTime;
    const unnamed = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: noTime }));
    expect(unnamed.id).toBeUndefined();
  });

  it("with idempotency, runs handlers for Fired, Resolved and a later re-activation, not for a redelivery", async () => {
    const hooks = createWebhooks({ receivers: { "azure-alerts": receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("azure-alerts", "*", (event) => {
      seen.push(event.type);
    });
    const refired = JSON.parse(fixture);
    refired.data.essentials.firedDateTime = "2019-03-22T15:10:00.0000000Z";
    for (const payload of [fixture, resolved, fixture, refired]) {
      const response = await hooks.handle(await azureAlertsTestRequest({ secret: CODE, payload }));
      expect(response.status).toBe(200);
    }
    expect(seen).toEqual(["alert.fired", "alert.resolved", "alert.fired"]);
    const classicHooks = createWebhooks({ receivers: { "azure-alerts": receiver }, idempotency: true });
    const classicSeen: string[] = [];
    classicHooks.on("azure-alerts", "*", (event) => {
      classicSeen.push(String(event.meta.status));
    });
    const resolvedClassic = { ...classicAlert, status: "Resolved" };
    const again = {
      ...classicAlert,
      context: { ...classicAlert.context, timestamp: "2026-01-02T11:00:00.000Z" },
    };
    for (const payload of [classicAlert, resolvedClassic, classicAlert, again]) {
      await classicHooks.handle(await azureAlertsTestRequest({ secret: CODE, payload }));
    }
    expect(classicSeen).toEqual(["Activated", "Resolved", "Activated"]);
  });

  it("names classic alerts by rule name (ASP.NET) or, as an option, by status", async () => {
    const request = () => azureAlertsTestRequest({ secret: CODE, payload: classicAlert });
    const byName = await receiver.verify(await request());
    expect(byName.type).toBe("cpu-high");
    expect(byName.id).toBe(`${classicAlert.context.id}:Activated:2026-01-02T10:00:00.000Z`);
    expect(byName.meta.schema).toBe("classic");
    const byStatus = await azureAlerts({ code: CODE, classicType: "status" }).verify(await request());
    expect(byStatus.type).toBe("classic.activated");
    expect(() => azureAlerts({ code: CODE, classicType: "bogus" as "status" })).toThrow(/classicType/);
  });

  it("refuses a tampered code, a missing or malformed Authorization header", async () => {
    const tampered = await azureAlertsTestRequest({ secret: CODE, payload: fixture });
    const url = new URL(tampered.url);
    url.searchParams.set("code", `${CODE.slice(0, -1)}3`);
    expect(
      await codeOf(
        receiver.verify(new Request(url, { method: "POST", body: fixture, headers: tampered.headers })),
      ),
    ).toBe("SIGNATURE_INVALID");
    const basic = azureAlerts({ basicAuth: [{ username: "hooks", password: "pa55word" }] });
    expect(await codeOf(basic.verify(await azureAlertsTestRequest({ secret: CODE, payload: fixture })))).toBe(
      "SIGNATURE_MISSING",
    );
    const malformed = await azureAlertsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: "Basic %%%not-base64" },
    });
    expect(await codeOf(basic.verify(malformed))).toBe("SIGNATURE_INVALID");
  });

  it("refuses a missing content type, a JSON array and a common alert without monitorCondition", async () => {
    const noType = new Request(`https://example.com/webhooks/azure-alerts?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: [1] })))).toBe(
      "PAYLOAD_INVALID",
    );
    const broken = JSON.parse(fixture);
    delete broken.data.essentials.monitorCondition;
    expect(
      await codeOf(receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: broken }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("answers the router with coded JSON errors and never runs a handler for a bad request", async () => {
    const hooks = createWebhooks({ receivers: { "azure-alerts": receiver } });
    let calls = 0;
    hooks.on("azure-alerts", "*", () => {
      calls++;
    });
    const response = await hooks.handle(
      await azureAlertsTestRequest({ secret: `${CODE}x`, payload: fixture }),
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
    expect(calls).toBe(0);
  });

  it("names activity log alerts sent without the common schema activityLog.<status>", async () => {
    const legacy = {
      schemaId: "Microsoft.Insights/activityLogs",
      data: {
        status: "Activated",
        context: {
          activityLog: {
            eventDataId: "c1f4b5d2-0b4b-4a2c-9e4e-000000000001",
            eventTimestamp: "2026-01-02T10:00:00Z",
            level: "Informational",
            operationName: "Microsoft.Compute/virtualMachines/restart/action",
            subscriptionId: "11111111-1111-1111-1111-111111111111",
          },
        },
      },
    };
    const event = await receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: legacy }));
    expect(event.type).toBe("activityLog.activated");
    expect(event.id).toBe("c1f4b5d2-0b4b-4a2c-9e4e-000000000001");
    expect(event.meta.operationName).toBe("Microsoft.Compute/virtualMachines/restart/action");
    const broken = { schemaId: "Microsoft.Insights/activityLogs", data: { status: "Activated" } };
    expect(
      await codeOf(receiver.verify(await azureAlertsTestRequest({ secret: CODE, payload: broken }))),
    ).toBe("PAYLOAD_INVALID");
  });
});

runCodeSecretConformance({
  name: "azure-alerts",
  create: (options) => azureAlerts(options),
  testRequest: azureAlertsTestRequest,
  payload: fixture,
  type: "alert.fired",
});

describe("azureAlerts() — cases found by mutation testing", () => {
  const receiver = azureAlerts({ code: CODE });
  const verify = async (payload: unknown, r = receiver) =>
    r.verify(await azureAlertsTestRequest({ secret: CODE, payload: payload as Record<string, unknown> }));
  const common = (essentials: Record<string, unknown>) => ({
    schemaId: "azureMonitorCommonAlertSchema",
    data: { essentials },
  });
  const P = "[@hookwire/azure-alerts]";

  it("common schema: the id is alertId, the condition and that condition's own time", async () => {
    const times = { firedDateTime: "F", resolvedDateTime: "R" };
    expect((await verify(common({ alertId: "a1", monitorCondition: "Fired", ...times }))).id).toBe(
      "a1:Fired:F",
    );
    expect((await verify(common({ alertId: "a1", monitorCondition: "Resolved", ...times }))).id).toBe(
      "a1:Resolved:R",
    );
    expect((await verify(common({ alertId: "a1", monitorCondition: "RESOLVED", ...times }))).id).toBe(
      "a1:RESOLVED:R",
    );
    const fired = await verify(common({ alertId: "a1", monitorCondition: "Fired", ...times }));
    expect(fired.type).toBe("alert.fired");
    for (const essentials of [
      { monitorCondition: "Fired", ...times },
      { alertId: "", monitorCondition: "Fired", ...times },
      { alertId: 7, monitorCondition: "Fired", ...times },
      { alertId: "a1", monitorCondition: "Fired", resolvedDateTime: "R" },
      { alertId: "a1", monitorCondition: "Fired", firedDateTime: "" },
      { alertId: "a1", monitorCondition: "Resolved", firedDateTime: "F" },
    ]) {
      expect((await verify(common(essentials))).id).toBeUndefined();
    }
  });

  it("common schema: meta carries severity, signal, rule and service", async () => {
    const event = await verify(
      common({
        alertId: "a1",
        monitorCondition: "Fired",
        firedDateTime: "F",
        severity: "Sev3",
        signalType: "Metric",
        alertRule: "cpu",
        monitoringService: "Platform",
      }),
    );
    expect(event.meta).toEqual({
      severity: "Sev3",
      signalType: "Metric",
      alertRule: "cpu",
      monitoringService: "Platform",
      schema: "common",
    });
  });

  it("refuses malformed alerts with exact messages", async () => {
    for (const essentials of [{}, { monitorCondition: "" }, { monitorCondition: 3 }]) {
      await expect(verify(common(essentials))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} A common-schema alert without data.essentials.monitorCondition.`,
      });
    }
    for (const data of [undefined, {}]) {
      await expect(verify({ schemaId: "azureMonitorCommonAlertSchema", data })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} A common-schema alert without data.essentials.monitorCondition.`,
      });
    }
    const activity = (data: unknown) => ({ schemaId: "Microsoft.Insights/activityLogs", data });
    for (const data of [
      undefined,
      { status: "Activated" },
      { status: "Activated", context: { activityLog: null } },
      { status: "Activated", context: { activityLog: "x" } },
      { status: "", context: { activityLog: {} } },
      { status: 1, context: { activityLog: {} } },
    ]) {
      await expect(verify(activity(data))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} An activity log alert without data.status or data.context.activityLog.`,
      });
    }
    for (const payload of [{}, { context: { name: "" } }, { context: { name: 5 } }]) {
      await expect(verify(payload)).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The alert has neither the common alert schema (schemaId) nor a classic context.name.`,
      });
    }
    const byStatus = azureAlerts({ code: CODE, classicType: "status" });
    for (const status of [undefined, "", 2]) {
      await expect(verify({ ...classicAlert, status }, byStatus)).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} A classic alert without a status.`,
      });
    }
  });

  it("activity log alerts: id from a string eventDataId only, meta from the log", async () => {
    const activity = (activityLog: Record<string, unknown>) => ({
      schemaId: "Microsoft.Insights/activityLogs",
      data: { status: "Activated", context: { activityLog } },
    });
    const event = await verify(activity({ eventDataId: "e1", operationName: "op" }));
    expect([event.type, event.id]).toEqual(["activityLog.activated", "e1"]);
    expect(event.meta).toEqual({ status: "Activated", operationName: "op", schema: "activityLog" });
    expect((await verify(activity({ eventDataId: 9 }))).id).toBeUndefined();
  });

  it("classic alerts: id from context.id, status and context.timestamp, each required", async () => {
    const event = await verify(classicAlert);
    expect(event.id).toBe(`${classicAlert.context.id}:Activated:2026-01-02T10:00:00.000Z`);
    expect(event.meta).toEqual({ status: "Activated", alertRule: "cpu-high", schema: "classic" });
    const byStatus = await verify(
      { ...classicAlert, status: "Resolved" },
      azureAlerts({ code: CODE, classicType: "status" }),
    );
    expect(byStatus.type).toBe("classic.resolved");
    for (const payload of [
      { ...classicAlert, status: "" },
      { ...classicAlert, status: 1 },
      { ...classicAlert, context: { ...classicAlert.context, id: "" } },
      { ...classicAlert, context: { ...classicAlert.context, id: 5 } },
      { ...classicAlert, context: { ...classicAlert.context, timestamp: "" } },
      { ...classicAlert, context: { name: "cpu-high" } },
    ]) {
      expect((await verify(payload)).id).toBeUndefined();
    }
  });

  it("refuses an unknown classicType at creation, accepts the two names", () => {
    expect(() => azureAlerts({ code: CODE, classicType: "other" as never })).toThrow(
      `${P} classicType must be "ruleName" or "status". Pass { classicType: "status" } for classic.activated / classic.resolved.`,
    );
    expect(() => azureAlerts({ code: CODE, classicType: "other" as never })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => azureAlerts({ code: CODE, classicType: "ruleName" })).not.toThrow();
    expect(() => azureAlerts({ code: CODE, classicType: "status" })).not.toThrow();
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(verify(classicAlert, azureAlerts({ code: CODE, maxBodyBytes: 8 })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as alert.fired when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("alert.fired");
  });
});

describe("azure-alerts — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/common-alert-metric.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/common-alert-metric.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("azure-alerts — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("azure-alerts — cases found by the third mutation run", () => {
  it("created without options, it refuses with CONFIGURATION_INVALID (not a TypeError)", () => {
    expect(() => azureAlerts(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
