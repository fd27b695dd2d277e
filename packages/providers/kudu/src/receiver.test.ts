import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { kudu } from "./receiver.js";
import { kuduTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/deployment-success.json", import.meta.url), "utf8");

describe("kudu()", () => {
  const receiver = kudu({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await kuduTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("kudu");
    expect(event.type).toBe("success");
    expect(event.id).toBe("982843aff56d37f2bfb9f532a9c0465031f4172d:success:2016-02-27T17:44:38.7148521Z");
    expect(event.meta.commitId).toBe("982843aff56d37f2bfb9f532a9c0465031f4172d");
    expect(event.meta.siteName).toBe("my-site");
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

  it("refuses a missing content type, a JSON array and a body without the event type", async () => {
    const noType = new Request(`https://example.com/webhooks/kudu?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(await kuduTestRequest({ secret: CODE, payload: [1, 2] })))).toBe(
      "PAYLOAD_INVALID",
    );
    const withoutType = JSON.parse(fixture);
    delete withoutType.status;
    expect(await codeOf(receiver.verify(await kuduTestRequest({ secret: CODE, payload: withoutType })))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("names a failed deployment failed and keeps its details in the payload", async () => {
    const failed = { ...JSON.parse(fixture), status: "failed", statusText: "Build failed", complete: true };
    const event = await receiver.verify(await kuduTestRequest({ secret: CODE, payload: failed }));
    expect(event.type).toBe("failed");
    expect((event.payload as { statusText: string }).statusText).toBe("Build failed");
  });

  it("with idempotency, runs handlers for a failed then a successful deployment of one commit and for a redeploy", async () => {
    const hooks = createWebhooks({ receivers: { kudu: receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("kudu", "*", (event) => {
      seen.push(event.type);
    });
    const success = JSON.parse(fixture);
    const failed = { ...success, status: "failed", endTime: "2016-02-27T17:40:01.0000000Z" };
    const redeploy = { ...success, endTime: "2016-02-28T09:00:00.0000000Z" };
    for (const payload of [failed, success, success, redeploy]) {
      expect((await hooks.handle(await kuduTestRequest({ secret: CODE, payload }))).status).toBe(200);
    }
    expect(seen).toEqual(["failed", "success", "success"]);
    const noTime = { ...success };
    delete noTime.endTime;
    delete noTime.receivedTime;
    expect(
      (await receiver.verify(await kuduTestRequest({ secret: CODE, payload: noTime }))).id,
    ).toBeUndefined();
  });
});

runCodeSecretConformance({
  name: "kudu",
  create: (options) => kudu(options),
  testRequest: kuduTestRequest,
  payload: fixture,
  type: "success",
});
