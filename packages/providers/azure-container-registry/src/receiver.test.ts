import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { azureContainerRegistry } from "./receiver.js";
import { azureContainerRegistryTestRequest, descriptor } from "./testing.js";

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

describe("azureContainerRegistry() — cases found by mutation testing", () => {
  const P = "[@hookwire/azure-container-registry]";
  const receiver = azureContainerRegistry({ code: CODE });
  const req = (payload: string, secret = CODE, headers: Record<string, string> = {}) =>
    azureContainerRegistryTestRequest({ secret, payload, headers });
  const verify = async (payload: Record<string, unknown>, r = receiver) =>
    r.verify(await req(JSON.stringify(payload)));

  it("accepts any one of code, basicAuth or headers, and refuses none with the fix", () => {
    expect(() => azureContainerRegistry({})).toThrow(
      `${P} Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the service URI), or { headers: { authorization: "Bearer <token>" } } matching the webhook's custom headers.`,
    );
    expect(() => azureContainerRegistry(undefined as never)).toThrow(/Configure a secret/);
    expect(() => azureContainerRegistry({ basicAuth: { username: "u", password: "p" } })).not.toThrow();
    expect(() => azureContainerRegistry({ headers: { authorization: "Bearer t" } })).not.toThrow();
    expect(() => azureContainerRegistry({ headers: {} })).toThrow(/at least one non-empty name/);
    expect(() => azureContainerRegistry({ code: "short" })).toThrow();
  });

  it("checks the custom header, and the code too when both are set", async () => {
    const both = azureContainerRegistry({ code: CODE, headers: { authorization: "Bearer t" } });
    expect((await both.verify(await req(fixture, CODE, { authorization: "Bearer t" }))).type).toBe("push");
    await expect(both.verify(await req(fixture, CODE, { authorization: "Bearer x" }))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The authorization header does not match.`,
    });
    expect(await codeOf(both.verify(await req(fixture, "y".repeat(32), { authorization: "Bearer t" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("reads action strictly, the id only as a string, and the target in meta", async () => {
    for (const action of [undefined, "", 3]) {
      await expect(verify({ action })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no "action".`,
      });
    }
    const event = await verify({
      action: "delete",
      id: 5,
      timestamp: "ts",
      target: { repository: "r", tag: "t", digest: "d" },
      request: { host: "h" },
    });
    expect([event.type, event.id, event.provider]).toEqual(["delete", undefined, "azure-container-registry"]);
    expect(event.meta).toEqual({ repository: "r", tag: "t", digest: "d", host: "h", timestamp: "ts" });
    const bare = await verify({ action: "push", id: "e1" });
    expect([bare.id, bare.meta]).toEqual([
      "e1",
      { repository: undefined, tag: undefined, digest: undefined, host: undefined, timestamp: undefined },
    ]);
  });

  it("answers only an authenticated POSTed ping in the handshake, as JSON", async () => {
    const { toWebhookRequest } = await import("@hookwire/core");
    const ping = JSON.stringify({ action: "ping" });
    const answer = await receiver.handshake!(await toWebhookRequest(await req(ping)));
    expect(answer?.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await answer?.json()).toEqual({ ok: true });
    expect(await codeOf(receiver.handshake!(await toWebhookRequest(await req(ping, "z".repeat(32)))))).toBe(
      "SIGNATURE_INVALID",
    );
    for (const body of [fixture, "", "not json", "null", JSON.stringify({ action: "push" })]) {
      expect(await receiver.handshake!(await toWebhookRequest(await req(body))), body).toBeUndefined();
    }
    const big = JSON.stringify({ action: "ping", pad: "x".repeat(64 * 1024) });
    expect(await receiver.handshake!(await toWebhookRequest(await req(big)))).toBeUndefined();
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(
      await codeOf(verify({ action: "push" }, azureContainerRegistry({ code: CODE, maxBodyBytes: 8 }))),
    ).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("azureContainerRegistry() handshake bounds", () => {
  it("answers a ping of exactly 64 KiB, and only when POSTed", async () => {
    const { toWebhookRequest } = await import("@hookwire/core");
    const receiver = azureContainerRegistry({ code: CODE });
    const head = '{"action":"ping","pad":"';
    const exact = `${head}${"x".repeat(64 * 1024 - head.length - 2)}"}`;
    expect(exact.length).toBe(64 * 1024);
    const ping = await azureContainerRegistryTestRequest({ secret: CODE, payload: exact });
    expect((await receiver.handshake!(await toWebhookRequest(ping)))?.status).toBe(200);
    const post = await azureContainerRegistryTestRequest({ secret: CODE, payload: '{"action":"ping"}' });
    const put = new Request(post.url, { method: "PUT", headers: post.headers, body: await post.text() });
    expect(await receiver.handshake!(await toWebhookRequest(put))).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as push when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("push");
  });
});

describe("azure-container-registry — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/push.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/push.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("azure-container-registry — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("azure-container-registry — cases found by the third mutation run", () => {
  it("names the headers option in its setup refusals", () => {
    expect(() => azureContainerRegistry({ headers: {} })).toThrow(
      '[@hookwire/azure-container-registry] The headers option needs at least one non-empty name. Pass { headers: { "x-api-key": process.env.… } }.',
    );
  });
});
