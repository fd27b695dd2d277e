import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { kudu } from "./receiver.js";
import { descriptor, kuduTestRequest } from "./testing.js";

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

describe("kudu() — cases found by mutation testing", () => {
  const receiver = kudu({ code: CODE });
  const verify = async (payload: Record<string, unknown>) =>
    receiver.verify(await kuduTestRequest({ secret: CODE, payload }));

  it("builds the id from commit, status and the first non-empty string time (endTime, else receivedTime)", async () => {
    const base = { id: "c1", status: "failed" };
    expect((await verify({ ...base, endTime: "E", receivedTime: "R" })).id).toBe("c1:failed:E");
    expect((await verify({ ...base, endTime: "", receivedTime: "R" })).id).toBe("c1:failed:R");
    expect((await verify({ ...base, endTime: 5, receivedTime: "R" })).id).toBe("c1:failed:R");
    expect((await verify({ ...base, endTime: null, receivedTime: "R" })).id).toBe("c1:failed:R");
    expect((await verify({ ...base, endTime: "", receivedTime: "" })).id).toBeUndefined();
    expect((await verify({ ...base })).id).toBeUndefined();
    for (const id of [undefined, "", 5]) {
      expect((await verify({ id, status: "success", endTime: "E" })).id).toBeUndefined();
    }
  });

  it("refuses a body whose status is missing or empty, with the package's message", async () => {
    for (const status of [undefined, "", 3]) {
      await expect(verify({ id: "c1", status })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/kudu] The body has no "status".',
      });
    }
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = kudu({ code: CODE, maxBodyBytes: 8 });
    expect(await codeOf(small.verify(await kuduTestRequest({ secret: CODE, payload: fixture })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as success when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("success");
  });
});

describe("kudu — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/deployment-success.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/deployment-success.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("kudu — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("kudu — cases found by the third mutation run", () => {
  it("created without options, it refuses with CONFIGURATION_INVALID (not a TypeError)", () => {
    expect(() => kudu(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
