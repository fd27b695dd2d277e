import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intercom } from "./receiver.js";
import { descriptor, intercomSignature, intercomTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/conversation-user-created.json", import.meta.url));
const SECRET = "intercom-client-secret-0123456789";

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/intercom", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("intercom()", () => {
  it("verifies the documented notification signed as Intercom's documentation computes it (sha1= + hex)", async () => {
    const signature = `sha1=${createHmac("sha1", SECRET).update(fixture).digest("hex")}`;
    const event = await intercom({ secret: SECRET }).verify(
      request(fixture, { "x-hub-signature": signature }),
    );
    expect(event.type).toBe("conversation.user.created");
    expect(event.id).toBe("notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3");
    expect(event.meta).toEqual({ appId: "a86dr8yl", deliveryAttempts: 1 });
    expect((event.payload as { data: { item: { id: string } } }).data.item.id).toBe("147");
  });

  it("signs what the documented HMAC-SHA1 computes, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          expect(await intercomSignature(body, secret)).toBe(
            `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing, unprefixed and SHA-256 signatures with coded errors", async () => {
    const receiver = intercom({ secret: SECRET });
    const signature = await intercomSignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace('"147"', '"148"'));
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-hub-signature": await intercomSignature(fixture, "x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": signature.slice(5) })))).toBe(
      "SIGNATURE_INVALID",
    );
    const sha256 = `sha256=${createHmac("sha256", SECRET).update(fixture).digest("hex")}`;
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": sha256 })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without a topic, and malformed JSON", async () => {
    const receiver = intercom({ secret: SECRET });
    for (const body of [JSON.stringify({ type: "notification_event" }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "x-hub-signature": await intercomSignature(body, SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes topics and groups, drops Intercom's retry of one notification, and states the 5 s deadline", async () => {
    const receiver = intercom({ secret: SECRET });
    expect(receiver.deadlineMs).toBe(5_000);
    const hooks = createWebhooks({ receivers: { intercom: receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("intercom", "conversation.user.created", (event) => {
      seen.push(`created:${event.payload.data.item.id}`);
    });
    hooks.on("intercom", "conversation.*", (event) => {
      seen.push(`group:${event.type}`);
    });
    hooks.on("intercom", "ping", (event) => {
      seen.push(`ping:${event.payload.data.item.message}`);
    });
    const notification = JSON.parse(fixture.toString("utf8"));
    expect(
      (await hooks.handle(await intercomTestRequest({ secret: SECRET, payload: notification }))).status,
    ).toBe(200);
    const retry = { ...notification, delivery_attempts: 2 };
    expect((await hooks.handle(await intercomTestRequest({ secret: SECRET, payload: retry }))).status).toBe(
      200,
    );
    await hooks.handle(
      await intercomTestRequest({
        secret: SECRET,
        event: "ping",
        payload: { data: { type: "notification_event_data", item: { type: "ping", message: "hello" } } },
      }),
    );
    expect(seen.sort()).toEqual(["created:147", "group:conversation.user.created", "ping:hello"]);
  });

  runDescriptorConformance(descriptor, { name: "intercom", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { data: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "intercom",
  create: intercom,
  testRequest: intercomTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "conversation.user.created",
  signatureHeader: "x-hub-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as conversation.user.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("conversation.user.created");
  });
});

describe("intercom — cases found by mutation testing", () => {
  const receiver = intercom({ secret: SECRET });
  const signed = (body: string) =>
    request(body, { "x-hub-signature": `sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}` });

  it("reads meta only from fields of the right type, and the id only from a string", async () => {
    const event = await receiver.verify(
      signed(JSON.stringify({ topic: "ping", id: 5, app_id: 7, delivery_attempts: "1" })),
    );
    expect(event.meta).toEqual({ appId: undefined, deliveryAttempts: undefined });
    expect(event.id).toBeUndefined();
  });

  it("is named intercom, states its 5 s deadline, says where the secret is when the signature is missing, names a body without topic", async () => {
    expect(receiver.provider).toBe("intercom");
    expect(receiver.deadlineMs).toBe(5_000);
    expect(await refusalOf(receiver.verify(request(fixture, {})))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/intercom] The X-Hub-Signature header is missing. Intercom signs notifications with the app's client secret (Developer Hub → Basic information).",
    });
    expect(await refusalOf(receiver.verify(signed(JSON.stringify({ id: "notif_1" }))))).toEqual({
      code: "PAYLOAD_INVALID",
      message: '[@hookwire/intercom] The body has no "topic".',
    });
    expect(await refusalOf(receiver.verify(request(fixture, { "x-hub-signature": "sha256=00" })))).toEqual({
      code: "SIGNATURE_INVALID",
      message: '[@hookwire/intercom] The X-Hub-Signature header does not start with "sha1=".',
    });
  });

  it("intercomTestRequest fills type, topic and a notif_ id, keeps the payload's own", async () => {
    const made = await intercomTestRequest({
      secret: SECRET,
      payload: { data: {} },
      event: "conversation.admin.closed",
      id: "notif_1",
    });
    expect(made.url).toBe("https://example.com/webhooks/intercom");
    const text = await made.clone().text();
    expect(JSON.parse(text)).toEqual({
      type: "notification_event",
      topic: "conversation.admin.closed",
      id: "notif_1",
      data: {},
    });
    expect(made.headers.get("x-hub-signature")).toBe(
      `sha1=${createHmac("sha1", SECRET).update(text).digest("hex")}`,
    );
    const fresh = JSON.parse(await (await intercomTestRequest({ secret: SECRET, payload: {} })).text());
    expect(fresh.topic).toBe("ping");
    expect(fresh.id).toMatch(/^notif_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("the descriptor: its event option, secret and Intercom's documented notification", () => {
    expect(descriptor.eventOption).toBe(
      "the body's topic when the payload has none (conversation.user.created…)",
    );
    expect(descriptor.secretIs).toBe("the app's client secret");
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
    expect(descriptor.example?.event).toBe("conversation.user.created");
  });
});
