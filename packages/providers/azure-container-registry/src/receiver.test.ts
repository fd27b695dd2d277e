import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { azureContainerRegistry } from "./receiver.js";
import { azureContainerRegistryTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/push.json", import.meta.url), "utf8");

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

  it("answers ACR's ping through the handshake after authentication, without running handlers", async () => {
    const hooks = createWebhooks({ receivers: { acr: receiver } });
    let calls = 0;
    hooks.on("acr", "*", () => {
      calls++;
    });
    const ping = { id: "5a1c0e00-ping", timestamp: "2026-01-02T10:00:00Z", action: "ping" };
    const url = "https://example.com/webhooks/acr";
    const answer = await hooks.handle(
      await azureContainerRegistryTestRequest({ secret: CODE, payload: ping, url }),
    );
    expect(answer.status).toBe(200);
    expect(calls).toBe(0);
    const forged = await hooks.handle(
      await azureContainerRegistryTestRequest({ secret: `${CODE}x`, payload: ping, url }),
    );
    expect(forged.status).toBe(401);
    expect(
      await receiver.handshake?.({
        method: "POST",
        url,
        headers: new Headers(),
        body: new TextEncoder().encode(fixture),
      }),
    ).toBeUndefined();
    expect(
      (await hooks.handle(await azureContainerRegistryTestRequest({ secret: CODE, payload: fixture, url })))
        .status,
    ).toBe(200);
    expect(calls).toBe(1);
  });

  it("checks the webhook's custom headers in constant time", async () => {
    const byHeaders = azureContainerRegistry({
      headers: { authorization: ["Bearer old-token", "Bearer new-token"], "x-registry": "myregistry" },
    });
    const request = (headers: Record<string, string>) =>
      new Request("https://example.com/webhooks/acr", {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json", ...headers },
      });
    const good = { authorization: "Bearer new-token", "x-registry": "myregistry" };
    expect((await byHeaders.verify(request(good))).meta.repository).toBe("hello-world");
    expect(await codeOf(byHeaders.verify(request({ ...good, authorization: "Bearer new-tokem" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(byHeaders.verify(request({ authorization: "Bearer new-token" })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(() => azureContainerRegistry({ headers: {} })).toThrow(/at least one non-empty name/);
  });

  it("types chart and delete events from the ACR reference", async () => {
    const chartPush = {
      id: "6356e9e0-627f-4fed-xxxx-d9059b5143ac",
      timestamp: "2019-03-05T23:45:31.2614267Z",
      action: "chart_push",
      target: {
        mediaType: "application/vnd.acr.helm.chart",
        size: 25265,
        digest: "sha256:xxxxd8a2c1b4b8f8a3e47e4ee0e8e7b3a6d1d0d2c4b8e5f8f2c5b5a5e0f1a2b3",
        repository: "repo",
        tag: "wordpress-5.4.0.tgz",
        name: "wordpress",
        version: "5.4.0.tgz",
      },
    };
    const event = await receiver.verify(
      await azureContainerRegistryTestRequest({ secret: CODE, payload: chartPush }),
    );
    expect(event.type).toBe("chart_push");
    expect(event.id).toBe(chartPush.id);
    expect(event.meta.tag).toBe("wordpress-5.4.0.tgz");
  });

  it("refuses a missing content type, a JSON array and a body without the event type", async () => {
    const noType = new Request(`https://example.com/webhooks/azure-container-registry?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(
        receiver.verify(await azureContainerRegistryTestRequest({ secret: CODE, payload: [1, 2] })),
      ),
    ).toBe("PAYLOAD_INVALID");
    const withoutType = JSON.parse(fixture);
    delete withoutType.action;
    expect(
      await codeOf(
        receiver.verify(await azureContainerRegistryTestRequest({ secret: CODE, payload: withoutType })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });
});

runCodeSecretConformance({
  name: "azure-container-registry",
  create: (options) => azureContainerRegistry(options),
  testRequest: azureContainerRegistryTestRequest,
  payload: fixture,
  type: "push",
});
