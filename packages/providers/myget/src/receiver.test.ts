import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { myget } from "./receiver.js";
import { descriptor, mygetTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/package-added.json", import.meta.url), "utf8");

describe("myget()", () => {
  const receiver = myget({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await mygetTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("myget");
    expect(event.type).toBe("PackageAddedWebHookEventPayloadV1");
    expect(event.id).toBe("7b2e3a4d-6f8c-4b1a-9c2d-3e4f5a6b7c8d");
    expect(event.meta.feed).toBe("sample-feed");
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await mygetTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await mygetTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { myget: receiver } });
    const seen: string[] = [];
    hooks.on("myget", "PackageAddedWebHookEventPayloadV1", (event) => {
      seen.push(event.type);
    });
    const request = await mygetTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/myget",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["PackageAddedWebHookEventPayloadV1"]);
  });

  it("answers MyGet's ping through the handshake after checking the code, without running handlers", async () => {
    const hooks = createWebhooks({ receivers: { myget: receiver } });
    let calls = 0;
    hooks.on("myget", "*", () => {
      calls++;
    });
    const ping = {
      Identifier: "0c1d2e3f-ping",
      Username: "maartenba",
      When: "2014-09-08T13:01:18.8140063Z",
      PayloadType: "PingWebHookEventPayloadV1",
      Payload: {},
    };
    const url = "https://example.com/webhooks/myget";
    expect((await hooks.handle(await mygetTestRequest({ secret: CODE, payload: ping, url }))).status).toBe(
      200,
    );
    expect(
      (await hooks.handle(await mygetTestRequest({ secret: `${CODE}x`, payload: ping, url }))).status,
    ).toBe(401);
    expect(calls).toBe(0);
    expect((await hooks.handle(await mygetTestRequest({ secret: CODE, payload: fixture, url }))).status).toBe(
      200,
    );
    expect(calls).toBe(1);
  });

  it("accepts MyGet's vendor media type and types build events", async () => {
    const build = {
      Identifier: "9e8d7c6b-build",
      Username: "maartenba",
      When: "2014-09-08T13:05:00.0000000Z",
      PayloadType: "BuildFinishedWebHookEventPayloadV1",
      Payload: {
        BuildNumber: "1.0.42",
        Branch: "main",
        Result: "Success",
        FeedIdentifier: "sample-feed",
        FeedUrl: "https://www.myget.org/F/sample-feed/",
        Name: "GoogleAnalyticsTracker",
      },
    };
    const request = await mygetTestRequest({
      secret: CODE,
      payload: build,
      headers: { "content-type": "application/vnd.myget.webhooks.v1+json; charset=utf-8" },
    });
    const event = await receiver.verify(request);
    expect(event.type).toBe("BuildFinishedWebHookEventPayloadV1");
    expect(event.id).toBe("9e8d7c6b-build");
    expect(event.meta.feed).toBe("sample-feed");
  });

  it("refuses a missing content type, a JSON array and a body without the event type", async () => {
    const noType = new Request(`https://example.com/webhooks/myget?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(await mygetTestRequest({ secret: CODE, payload: [1, 2] })))).toBe(
      "PAYLOAD_INVALID",
    );
    const withoutType = JSON.parse(fixture);
    delete withoutType.PayloadType;
    expect(
      await codeOf(receiver.verify(await mygetTestRequest({ secret: CODE, payload: withoutType }))),
    ).toBe("PAYLOAD_INVALID");
  });
});

runCodeSecretConformance({
  name: "myget",
  create: (options) => myget(options),
  testRequest: mygetTestRequest,
  payload: fixture,
  type: "PackageAddedWebHookEventPayloadV1",
});

describe("myget() — cases found by mutation testing", () => {
  const receiver = myget({ code: CODE });
  const verify = async (payload: Record<string, unknown>, r = receiver) =>
    r.verify(await mygetTestRequest({ secret: CODE, payload: JSON.stringify(payload) }));

  it("reads PayloadType strictly, the id only as a string, and who, when and which feed in meta", async () => {
    for (const PayloadType of [undefined, "", 3]) {
      await expect(verify({ PayloadType })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/myget] The body has no "PayloadType".',
      });
    }
    const event = await verify({
      PayloadType: "PackageAddedWebHookEventPayloadV1",
      Identifier: 5,
      Username: "u",
      When: "w",
      Payload: { FeedIdentifier: "f" },
    });
    expect([event.id, event.provider]).toEqual([undefined, "myget"]);
    expect(event.meta).toEqual({ username: "u", when: "w", feed: "f" });
    expect((await verify({ PayloadType: "X", Identifier: "i1" })).meta.feed).toBeUndefined();
    expect((await verify({ PayloadType: "X", Identifier: "i1" })).id).toBe("i1");
  });

  it("answers only an authenticated POSTed ping in the handshake, as JSON", async () => {
    const { toWebhookRequest } = await import("@hookwire/core");
    const ping = JSON.stringify({ PayloadType: "PingWebHookEventPayloadV1" });
    const answer = await receiver.handshake!(
      await toWebhookRequest(await mygetTestRequest({ secret: CODE, payload: ping })),
    );
    expect(answer?.status).toBe(200);
    expect(answer?.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await answer?.json()).toEqual({ ok: true });
    expect(
      await codeOf(
        receiver.handshake!(
          await toWebhookRequest(await mygetTestRequest({ secret: "x".repeat(32), payload: ping })),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const body of [fixture, "", "not json", "null", JSON.stringify({ PayloadType: "Other" })]) {
      const req = await toWebhookRequest(await mygetTestRequest({ secret: CODE, payload: body }));
      expect(await receiver.handshake!(req), body).toBeUndefined();
    }
    const big = JSON.stringify({ PayloadType: "PingWebHookEventPayloadV1", pad: "x".repeat(64 * 1024) });
    expect(
      await receiver.handshake!(
        await toWebhookRequest(await mygetTestRequest({ secret: CODE, payload: big })),
      ),
    ).toBeUndefined();
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(verify({ PayloadType: "X" }, myget({ code: CODE, maxBodyBytes: 8 })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("myget() handshake bounds", () => {
  it("answers a ping of exactly 64 KiB, and only when POSTed", async () => {
    const { toWebhookRequest } = await import("@hookwire/core");
    const receiver = myget({ code: CODE });
    const head = '{"PayloadType":"PingWebHookEventPayloadV1","pad":"';
    const exact = `${head}${"x".repeat(64 * 1024 - head.length - 2)}"}`;
    expect(exact.length).toBe(64 * 1024);
    const answer = await receiver.handshake!(
      await toWebhookRequest(await mygetTestRequest({ secret: CODE, payload: exact })),
    );
    expect(answer?.status).toBe(200);
    const post = await mygetTestRequest({
      secret: CODE,
      payload: '{"PayloadType":"PingWebHookEventPayloadV1"}',
    });
    const put = new Request(post.url, { method: "PUT", headers: post.headers, body: await post.text() });
    expect(await receiver.handshake!(await toWebhookRequest(put))).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as PackageAddedWebHookEventPayloadV1 when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe(
      "PackageAddedWebHookEventPayloadV1",
    );
  });
});

describe("myget — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/package-added.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/package-added.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("myget — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("myget — cases found by the third mutation run", () => {
  it("created without options, it refuses with CONFIGURATION_INVALID (not a TypeError)", () => {
    expect(() => myget(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
