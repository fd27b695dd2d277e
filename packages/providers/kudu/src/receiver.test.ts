import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
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
    expect(event.id).toBe("982843aff56d37f2bfb9f532a9c0465031f4172d");
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

  it("accepts every code of a rotation list and a code looked up per request", async () => {
    const next = "n3xt-n3xt-n3xt-n3xt-n3xt-n3xt-n3xt-42";
    const rotating = kudu({ code: [CODE, next] });
    for (const secret of [CODE, next]) {
      expect((await rotating.verify(await kuduTestRequest({ secret, payload: fixture }))).type).toBe(
        "success",
      );
    }
    const perTenant = kudu({
      code: (request) => (new URL(request.url).pathname.endsWith("/tenant-a") ? next : CODE),
    });
    const url = "https://example.com/webhooks/kudu/tenant-a";
    expect(
      (await perTenant.verify(await kuduTestRequest({ secret: next, payload: fixture, url }))).type,
    ).toBe("success");
    expect(
      await codeOf(perTenant.verify(await kuduTestRequest({ secret: CODE, payload: fixture, url }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a tampered code", async () => {
    const signed = await kuduTestRequest({ secret: CODE, payload: fixture });
    const url = new URL(signed.url);
    url.searchParams.set("code", `${CODE.slice(0, -1)}3`);
    const tampered = new Request(url, { method: "POST", body: fixture, headers: signed.headers });
    expect(await codeOf(receiver.verify(tampered))).toBe("SIGNATURE_INVALID");
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

  it("answers the router with a coded JSON error and runs no handler for a bad request", async () => {
    const hooks = createWebhooks({ receivers: { kudu: receiver } });
    let calls = 0;
    hooks.on("kudu", "*", () => {
      calls++;
    });
    const response = await hooks.handle(await kuduTestRequest({ secret: `${CODE}x`, payload: fixture }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
    expect(calls).toBe(0);
  });

  it("names a failed deployment failed and keeps its details in the payload", async () => {
    const failed = { ...JSON.parse(fixture), status: "failed", statusText: "Build failed", complete: true };
    const event = await receiver.verify(await kuduTestRequest({ secret: CODE, payload: failed }));
    expect(event.type).toBe("failed");
    expect((event.payload as { statusText: string }).statusText).toBe("Build failed");
  });
});
