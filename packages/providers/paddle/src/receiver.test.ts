import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { EventName, Paddle } from "@paddle/paddle-node-sdk";
import { describe, expect, it } from "vitest";
import { paddle } from "./receiver.js";
import { paddleSchemeWith, parsePaddleSignature } from "./scheme.js";
import { descriptor, paddleTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/subscription-created.json", import.meta.url), "utf8");
const SECRET = "pdl_ntfset_01hwxyz_0123456789abcdef";

/** Paddle's SDK tests (webhooks-validator.test.ts): key VALID_SECRET, clock 2023-11-01T00:00:00Z. */
const SDK = {
  secret: "VALID_SECRET",
  now: () => Date.parse("2023-11-01T00:00:00Z"),
  body: '{"data": ["1", "2"]}',
  header: "ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9",
  multiple:
    "ts=1698796800;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h2=RANDOM_HASH",
};

function request(body: string, signature: string | undefined): Request {
  return new Request("https://example.com/webhooks/paddle", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      ...(signature === undefined ? {} : { "paddle-signature": signature }),
    },
  });
}

/** The SDK's own check, as `paddle.webhooks.unmarshal` runs it. */
const sdk = new Paddle("pdl_sdbx_apikey_01_test");

runHmacProviderConformance({
  name: "paddle",
  create: paddle,
  testRequest: paddleTestRequest,
  payload: JSON.parse(fixture),
  type: "subscription.created",
  signatureHeader: "paddle-signature",
  toleranceSeconds: 5,
});

describe("paddle()", () => {
  it("agrees with the vectors of Paddle's SDK tests", async () => {
    // payloads are not notifications: the signature check is what is compared here
    const receiver = paddle({ secret: SDK.secret, now: SDK.now });
    const codes = async (body: string, header: string, secret = SDK.secret, now = SDK.now) =>
      codeOf(paddle({ secret, now }).verify(request(body, header)));
    expect(await codes(SDK.body, SDK.header)).toBe("PAYLOAD_INVALID"); // authentic, but no event_type
    expect(await codes('{"data": "value"}', SDK.multiple)).toBe("PAYLOAD_INVALID");
    expect(await codes(SDK.body, SDK.header, "INVALID_VALID_SECRET")).toBe("SIGNATURE_INVALID");
    expect(await codes('{ "data": [ "1", "2" ]}', SDK.header)).toBe("SIGNATURE_INVALID"); // "has more space"
    expect(await codes(SDK.body, SDK.header.replace("ts=1698796800", "ts=9876"))).toBe("SIGNATURE_INVALID");
    expect(await codes(SDK.body, "ts=1234;h1=invalid_signature")).toBe("SIGNATURE_INVALID");
    for (const malformed of ["invalid_header", "h1=invalid_header", "ts=1234;h2=invalid_header"]) {
      expect(await codeOf(receiver.verify(request(SDK.body, malformed)))).toBe("SIGNATURE_INVALID");
    }
    // the SDK's window: +5 s accepted, +6 s and days later refused
    expect(await codes(SDK.body, SDK.header, SDK.secret, () => SDK.now() + 5000)).toBe("PAYLOAD_INVALID");
    expect(await codes(SDK.body, SDK.header, SDK.secret, () => SDK.now() + 6000)).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codes(SDK.body, SDK.header, SDK.secret, () => SDK.now() + 4 * 86_400_000)).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("signs notifications @paddle/paddle-node-sdk unmarshals into its typed event", async () => {
    const signed = await paddleTestRequest({ secret: SECRET, payload: fixture });
    const header = signed.headers.get("paddle-signature")!;
    expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    const event = await sdk.webhooks.unmarshal(fixture, SECRET, header);
    expect(event.eventType).toBe(EventName.SubscriptionCreated);
    expect(event.eventId).toBe("evt_01h7ht60jy5hpdv5x8tfsaxje4");
    expect(await sdk.webhooks.isSignatureValid(fixture, "another-secret-key", header)).toBe(false);
    // and a rotation header with two h1 values, one per secret, passes the SDK for either secret
    const rotated = await paddleTestRequest({ secret: SECRET, payload: fixture });
    expect(
      await sdk.webhooks.isSignatureValid(fixture, SECRET, rotated.headers.get("paddle-signature")!),
    ).toBe(true);
  });

  it("verifies what Paddle's SDK accepts, with any of several h1 values", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { paddleScheme } = await import("./scheme.js");
    const { headers } = await paddleScheme.sign({
      body: new TextEncoder().encode(fixture),
      secret: ["old-secret-key-000000", SECRET],
      timestamp: now,
    });
    const header = headers["Paddle-Signature"]!;
    expect(header.split(";h1=")).toHaveLength(3);
    expect(await sdk.webhooks.isSignatureValid(fixture, SECRET, header)).toBe(true); // the SDK keeps the last h1
    const event = await paddle({ secret: "old-secret-key-000000" }).verify(request(fixture, header));
    expect(event.type).toBe("subscription.created");
    expect(event.id).toBe("evt_01h7ht60jy5hpdv5x8tfsaxje4");
    expect(event.meta.notificationId).toBe("ntf_01h7ht60n4grsa2a5ddd54h1j0");
    expect((event.payload as { data: { status: string } }).data.status).toBe("active");
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed requests with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = paddle({ secret: SECRET, now: () => now * 1000 });
    const good = await paddleTestRequest({ secret: SECRET, payload: fixture, timestamp: now });
    const header = good.headers.get("paddle-signature")!;
    expect((await receiver.verify(request(fixture, header))).type).toBe("subscription.created");
    expect(await codeOf(receiver.verify(request(`${fixture}\n`, header)))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(request(fixture, header.replace(`ts=${now}`, `ts=${now + 1}`)))),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await paddleTestRequest({ secret: SECRET, payload: fixture, timestamp: now - 6 })),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await codeOf(receiver.verify(request(fixture, undefined)))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, header.replace(/^ts=\d+;/, ""))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request(fixture, header.replace("ts=", "ts=x"))))).toBe(
      "HEADER_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          await paddleTestRequest({ secret: "wrong-secret-0000", payload: fixture, timestamp: now }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"data":{}}']) {
      expect(
        await codeOf(
          receiver.verify(await paddleTestRequest({ secret: SECRET, payload: broken, timestamp: now })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
    const form = await paddleTestRequest({
      secret: SECRET,
      payload: fixture,
      timestamp: now,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await codeOf(receiver.verify(form))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("states Paddle's 5 s deadline and answers through the router", async () => {
    const receiver = paddle({ secret: SECRET });
    expect(receiver.deadlineMs).toBe(5000);
    const hooks = createWebhooks({ receivers: { paddle: receiver } });
    const seen: string[] = [];
    hooks.on("paddle", "subscription.created", (event) => {
      seen.push(event.payload.data.id);
    });
    const response = await hooks.handle(
      await paddleTestRequest({
        secret: SECRET,
        payload: fixture,
        url: "https://example.com/webhooks/paddle",
      }),
    );
    expect(response.status).toBeLessThan(300);
    expect(seen).toEqual(["sub_01h7ht5z5wdg9pz18jx1fagp8k"]);
  });

  runDescriptorConformance(descriptor, { name: "paddle" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as subscription.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("subscription.created");
  });
});

describe("parsePaddleSignature", () => {
  it("reads ts and every h1, trimming spaces and skipping other keys, empty entries and parts without a key", () => {
    expect(parsePaddleSignature("ts=1;h1=aa")).toEqual({ timestamp: "1", signatures: ["aa"] });
    expect(parsePaddleSignature(" ts = 1 ; h1 = aa ;h1=bb;h2=cc;=dd;junk;h1=")).toEqual({
      timestamp: "1",
      signatures: ["aa", "bb"],
    });
    expect(parsePaddleSignature("h1=aa;ts=2;ts=3")).toEqual({ timestamp: "3", signatures: ["aa"] });
    expect(parsePaddleSignature("h1=a=b;ts=1")).toEqual({ timestamp: "1", signatures: ["a=b"] });
  });

  it("gives undefined without a timestamp or without an h1 signature", () => {
    for (const value of ["", "h1=aa", "ts=1", "ts=;h1=aa", "ts=1;h1= ", "ts=1;h2=aa", "TS=1;H1=aa"]) {
      expect(parsePaddleSignature(value), value).toBeUndefined();
    }
  });
});

describe("paddle() ids, meta and options", () => {
  const NOW = 1_700_000_000;

  it("takes event_id as the id and a string notification_id as meta", async () => {
    const receiver = paddle({ secret: SECRET, now: () => NOW * 1000 });
    for (const [notification_id, notificationId] of [
      ["ntf_1", "ntf_1"],
      [3, undefined],
    ] as const) {
      const event = await receiver.verify(
        await paddleTestRequest({
          secret: SECRET,
          timestamp: NOW,
          payload: { event_id: "evt_1", event_type: "transaction.paid", notification_id, data: {} },
        }),
      );
      expect(event.id).toBe("evt_1");
      expect(event.type).toBe("transaction.paid");
      expect(event.meta).toEqual({ notificationId });
      expect(event.receivedAt).toEqual(new Date(NOW * 1000));
    }
  });

  it("applies toleranceSeconds (default 5 s, both directions)", async () => {
    const at = (seconds: number) =>
      paddleTestRequest({ secret: SECRET, payload: fixture, timestamp: NOW + seconds });
    const strict = paddle({ secret: SECRET, now: () => NOW * 1000 });
    expect(await codeOf(strict.verify(await at(-5)))).toBe("OK");
    expect(await codeOf(strict.verify(await at(6)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    const wide = paddle({ secret: SECRET, toleranceSeconds: 60, now: () => NOW * 1000 });
    expect(await codeOf(wide.verify(await at(-59)))).toBe("OK");
    expect(await codeOf(wide.verify(await at(-61)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    const { headers } = await paddleSchemeWith({ toleranceSeconds: 60, now: () => NOW * 1000 }).sign({
      body: new TextEncoder().encode(fixture),
      secret: SECRET,
      timestamp: NOW - 59,
    });
    expect(await codeOf(wide.verify(request(fixture, headers["Paddle-Signature"])))).toBe("OK");
  });

  it("names the package and Paddle's signing in the missing-signature refusal; the test helper's user agent", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await paddle({ secret: SECRET }).verify(request(fixture, undefined));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/paddle]");
    expect(error.message).toContain("Paddle signs every notification sent to a notification destination.");
    const signed = await paddleTestRequest({ secret: SECRET, payload: fixture });
    expect(signed.headers.get("user-agent")).toBe("Paddle");
    expect(signed.url).toBe("https://example.com/webhooks/paddle");
    expect(paddle({ secret: SECRET }).provider).toBe("paddle");
  });

  it("descriptor: the example is the fixture (Paddle's documented subscription.created)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture));
    expect(descriptor.secretIs).toBe("the notification destination's secret key (pdl_ntfset_…)");
  });
});

describe("paddle() after its first mutation run", () => {
  it("parsePaddleSignature ignores parts without '=' (a bare ts1 or h1x is neither key)", () => {
    expect(parsePaddleSignature("ts1;h1=aa")).toBeUndefined();
    expect(parsePaddleSignature("ts=1;h1x")).toBeUndefined();
  });

  it("accepts a signed notification without a content type", async () => {
    const signed = await paddleTestRequest({ secret: SECRET, payload: fixture });
    const headers = Object.fromEntries(signed.headers);
    delete headers["content-type"];
    const bare = new Request("https://example.com/webhooks/paddle", {
      method: "POST",
      headers,
      body: new TextEncoder().encode(fixture),
    });
    expect(bare.headers.get("content-type")).toBeNull();
    expect((await paddle({ secret: SECRET }).verify(bare)).type).toBe("subscription.created");
  });

  it("refuses to be created without options or with an empty secret, naming the package", () => {
    expect(() => paddle(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => paddle({ secret: "" })).toThrow("[@hookwire/paddle]");
  });
});
