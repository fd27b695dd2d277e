import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { azureDevops } from "./receiver.js";
import { azureDevopsTestRequest, descriptor } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/git-push.json", import.meta.url), "utf8");

describe("azureDevops()", () => {
  const receiver = azureDevops({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("azure-devops");
    expect(event.type).toBe("git.push");
    expect(event.id).toBe("03c164c2-8912-4d5e-8009-3707d5f83734");
    expect(event.meta.publisherId).toBe("tfs");
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("accepts HTTP Basic credentials instead of the code, in constant time", async () => {
    const receiver = azureDevops({ basicAuth: { username: "hooks", password: "pa55word" } });
    const ok = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:pa55word")}` },
    });
    expect((await receiver.verify(ok)).type).toBe("git.push");
    const bad = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { authorization: `Basic ${btoa("hooks:wrong")}` },
    });
    expect(await codeOf(receiver.verify(bad))).toBe("SIGNATURE_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { azure_devops: receiver } });
    const seen: string[] = [];
    hooks.on("azure_devops", "git.push", (event) => {
      seen.push(event.type);
    });
    const request = await azureDevopsTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/azure_devops",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["git.push"]);
  });

  it("accepts a header token from the subscription's HTTP headers, and refuses a malformed Basic header", async () => {
    const byHeader = azureDevops({ header: { "x-webhook-token": ["t0ken-old", "t0ken-new"] } });
    const request = (headers: Record<string, string>) =>
      new Request("https://example.com/webhooks/azure-devops", {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
      });
    expect((await byHeader.verify(request({ "x-webhook-token": "t0ken-new" }))).type).toBe("git.push");
    expect(await codeOf(byHeader.verify(request({ "x-webhook-token": "t0ken-nex" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(byHeader.verify(request({})))).toBe("SIGNATURE_MISSING");
    const basic = azureDevops({ basicAuth: { username: "ado", password: "s3cret" } });
    expect(await codeOf(basic.verify(request({ authorization: "Basic !!!" })))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(basic.verify(request({ authorization: "Bearer abc" })))).toBe("SIGNATURE_MISSING");
    expect(() => azureDevops({})).toThrow(/Configure a secret/);
  });

  it("reads the envelope's ids into meta and types other documented events", async () => {
    const event = await receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: fixture }));
    const envelope = JSON.parse(fixture);
    expect(event.meta.subscriptionId).toBe(envelope.subscriptionId);
    expect(event.meta.publisherId).toBe("tfs");
    const run = {
      ...envelope,
      id: "run-event-1",
      eventType: "ms.vss-pipelines.run-state-changed-event",
      publisherId: "pipelines",
      message: null,
      detailedMessage: null,
      resource: { runId: 12, pipelineId: 3, run: { id: 12, state: "completed", result: "succeeded" } },
    };
    const runEvent = await receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: run }));
    expect(runEvent.type).toBe("ms.vss-pipelines.run-state-changed-event");
    expect(runEvent.id).toBe("run-event-1");
  });

  it("refuses a missing content type, a JSON array and a body without the event type", async () => {
    const noType = new Request(`https://example.com/webhooks/azure-devops?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: [1, 2] }))),
    ).toBe("PAYLOAD_INVALID");
    const withoutType = JSON.parse(fixture);
    delete withoutType.eventType;
    expect(
      await codeOf(receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: withoutType }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("reads Microsoft's build.complete sample", async () => {
    const sample = readFileSync(new URL("../test/fixtures/build-complete.json", import.meta.url), "utf8");
    const event = await receiver.verify(await azureDevopsTestRequest({ secret: CODE, payload: sample }));
    expect(event.type).toBe("build.complete");
    expect(event.id).toBe("33433986-7f56-4969-bfd4-3e59774c75ad");
    expect((event.payload as { resource: { result: string } }).resource.result).toBe("succeeded");
    expect(event.meta.notificationId).toBe(1);
  });
});

runCodeSecretConformance({
  name: "azure-devops",
  create: (options) => azureDevops(options),
  testRequest: azureDevopsTestRequest,
  payload: fixture,
  type: "git.push",
});

describe("azureDevops() — cases found by mutation testing", () => {
  const P = "[@hookwire/azure-devops]";
  const receiver = azureDevops({ code: CODE });
  const verify = async (payload: Record<string, unknown>, r = receiver) =>
    r.verify(await azureDevopsTestRequest({ secret: CODE, payload: JSON.stringify(payload) }));

  it("accepts any one of code, basicAuth or header, and refuses none with the fix", () => {
    expect(() => azureDevops({})).toThrow(
      `${P} Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the subscription URL), { basicAuth: { username, password } } (the subscription's basic authentication), or { header: { "x-webhook-token": "<token>" } }.`,
    );
    expect(() => azureDevops(undefined as never)).toThrow(/Configure a secret/);
    expect(() => azureDevops({ basicAuth: { username: "u", password: "p" } })).not.toThrow();
    expect(() => azureDevops({ header: { "x-webhook-token": "t" } })).not.toThrow();
    expect(() => azureDevops({ header: {} })).toThrow(/at least one non-empty name/);
  });

  it("checks the header token, and the code too when both are set", async () => {
    const both = azureDevops({ code: CODE, header: { "x-webhook-token": "tok" } });
    const req = (token?: string) =>
      azureDevopsTestRequest({
        secret: CODE,
        payload: fixture,
        headers: token === undefined ? {} : { "x-webhook-token": token },
      });
    expect((await both.verify(await req("tok"))).type).toBe("git.push");
    await expect(both.verify(await req("nope"))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The x-webhook-token header does not match.`,
    });
    expect(await codeOf(both.verify(await req()))).toBe("SIGNATURE_MISSING");
  });

  it("reads eventType strictly, the id only as a string, and the subscription in meta", async () => {
    for (const eventType of [undefined, "", 3]) {
      await expect(verify({ eventType })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no "eventType".`,
      });
    }
    const event = await verify({
      eventType: "build.complete",
      id: 5,
      publisherId: "tfs",
      subscriptionId: "s",
      notificationId: 3,
      resourceVersion: "1.0",
    });
    expect([event.type, event.id, event.provider]).toEqual(["build.complete", undefined, "azure-devops"]);
    expect(event.meta).toEqual({
      publisherId: "tfs",
      subscriptionId: "s",
      notificationId: 3,
      resourceVersion: "1.0",
    });
    expect((await verify({ eventType: "x", id: "n1" })).id).toBe("n1");
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(verify({ eventType: "x" }, azureDevops({ code: CODE, maxBodyBytes: 8 })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as build.complete when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("build.complete");
  });
});

describe("azure-devops — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/build-complete.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/build-complete.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("azure-devops — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("azure-devops — cases found by the third mutation run", () => {
  it("names the header option in its setup refusals", () => {
    expect(() => azureDevops({ header: {} })).toThrow(
      '[@hookwire/azure-devops] The header option needs at least one non-empty name. Pass { header: { "x-api-key": process.env.… } }.',
    );
  });
});
