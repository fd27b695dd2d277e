import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import Razorpay from "razorpay";
import { validateWebhookSignature } from "razorpay/dist/utils/razorpay-utils";
import { describe, expect, it } from "vitest";
import { razorpay } from "./receiver.js";
import { descriptor, razorpaySignature, razorpayTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/payment-captured.json", import.meta.url));
const SECRET = "rzp-webhook-secret-0123456789";

/** The vector of razorpay-node's own test (test/utils/razorpay-utils.spec.js). */
const SDK_VECTOR = {
  body: '{"a":1,"b":2,"c":{"d":3}}',
  secret: "123456",
  signature: "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc",
};

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/razorpay", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-razorpay-event-id": "KBHDyzWSpfY2Mn", ...headers },
  });
}

describe("razorpay()", () => {
  it("reproduces the signature of razorpay-node's test vector", async () => {
    expect(await razorpaySignature(SDK_VECTOR.body, SDK_VECTOR.secret)).toBe(SDK_VECTOR.signature);
    const body = JSON.stringify({ ...JSON.parse(SDK_VECTOR.body), event: "payment.captured" });
    const signature = await razorpaySignature(body, SDK_VECTOR.secret);
    expect(validateWebhookSignature(body, signature, SDK_VECTOR.secret)).toBe(true);
  });

  it("verifies a documented payload and names the event payment.captured with the event id", async () => {
    const signature = await razorpaySignature(fixture, SECRET);
    const event = await razorpay({ secret: SECRET }).verify(
      request(fixture, { "x-razorpay-signature": signature }),
    );
    expect(event.type).toBe("payment.captured");
    expect(event.id).toBe("KBHDyzWSpfY2Mn");
    expect(event.meta).toEqual({ accountId: "acc_BFQ7uQEaa7j2z7" });
    expect(
      (event.payload as { payload: { payment: { entity: { id: string } } } }).payload.payment.entity.id,
    ).toBe("pay_DESlfW9H8K9uqM");
  });

  it("agrees with the razorpay package's validateWebhookSignature both ways, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer())),
        fc.nat(),
        async (secret, extra, position) => {
          const body = JSON.stringify({ ...extra, entity: "event", event: "order.paid" });
          // ours signs, the SDK verifies
          const ours = await razorpaySignature(body, secret);
          expect(Razorpay.validateWebhookSignature(body, ours, secret)).toBe(true);
          // the SDK's check is the reference: a signature it accepts, ours accepts
          const event = await razorpay({ secret }).verify(request(body, { "x-razorpay-signature": ours }));
          expect(event.type).toBe("order.paid");
          const bytes = Buffer.from(body);
          const i = position % bytes.length;
          bytes[i] = bytes[i]! ^ 0x01;
          expect(validateWebhookSignature(bytes.toString(), ours, secret)).toBe(false);
          expect(
            await codeOf(razorpay({ secret }).verify(request(bytes, { "x-razorpay-signature": ours }))),
          ).toBe("SIGNATURE_INVALID");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = razorpay({ secret: SECRET });
    const signature = await razorpaySignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace('"amount": 100', '"amount": 900'));
    expect(await codeOf(receiver.verify(request(tampered, { "x-razorpay-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { "x-razorpay-signature": await razorpaySignature(fixture, "key_secret") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-razorpay-signature": "sdfafds" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without an event, and malformed JSON", async () => {
    const receiver = razorpay({ secret: SECRET });
    for (const body of [JSON.stringify({ entity: "event" }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "x-razorpay-signature": await razorpaySignature(body, SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes by event name and prefix, drops a retried event id, and states the 5 s deadline", async () => {
    const receiver = razorpay({ secret: SECRET });
    expect(receiver.deadlineMs).toBe(5_000);
    const hooks = createWebhooks({ receivers: { razorpay: receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("razorpay", "payment.captured", (event) => {
      seen.push(`captured:${event.payload.payload.payment.entity.id}`);
    });
    hooks.on("razorpay", "payment.*", (event) => {
      seen.push(`payment:${event.type}`);
    });
    const payload = JSON.parse(fixture.toString("utf8"));
    const first = await razorpayTestRequest({ secret: SECRET, payload, id: "evt_1" });
    expect((await hooks.handle(first)).status).toBe(200);
    expect(
      (await hooks.handle(await razorpayTestRequest({ secret: SECRET, payload, id: "evt_1" }))).status,
    ).toBe(200);
    expect(seen.sort()).toEqual(["captured:pay_DESlfW9H8K9uqM", "payment:payment.captured"]);
  });

  runDescriptorConformance(descriptor, { name: "razorpay", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { payload: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "razorpay",
  create: razorpay,
  testRequest: razorpayTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "payment.captured",
  signatureHeader: "x-razorpay-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as payment.captured when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("payment.captured");
  });
});

describe("razorpay() ids, meta and the test helper", () => {
  it("takes x-razorpay-event-id as the id and a string account_id as meta", async () => {
    const receiver = razorpay({ secret: SECRET });
    for (const [account_id, accountId] of [
      ["acc_1", "acc_1"],
      [7, undefined],
      [undefined, undefined],
    ] as const) {
      const body = JSON.stringify({ event: "payment.captured", account_id, payload: {} });
      const event = await receiver.verify(
        request(body, {
          "x-razorpay-signature": await razorpaySignature(body, SECRET),
          "x-razorpay-event-id": "E-1",
        }),
      );
      expect(event.id).toBe("E-1");
      expect(event.meta).toEqual({ accountId });
    }
  });

  it("names the package and where the secret is set when the signature is missing", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await razorpay({ secret: SECRET }).verify(request(fixture, {}));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/razorpay]");
    expect(error.message).toContain(
      "Set a secret on the Razorpay webhook (Dashboard → Accounts & Settings → Webhooks).",
    );
    expect(() => razorpay({ secret: "" })).toThrow("[@hookwire/razorpay]");
    expect(razorpay({ secret: SECRET }).provider).toBe("razorpay");
  });

  it("razorpayTestRequest: the event field only when given, the id header given or a fresh Hw + 12 hex digits", async () => {
    const given = await razorpayTestRequest({
      secret: SECRET,
      event: "order.paid",
      id: "E-2",
      payload: { payload: {} },
    });
    const text = await given.clone().text();
    expect(JSON.parse(text)).toEqual({ event: "order.paid", payload: {} });
    expect(given.headers.get("x-razorpay-event-id")).toBe("E-2");
    expect(given.headers.get("x-razorpay-signature")).toBe(validSignature(text));
    expect(given.url).toBe("https://example.com/webhooks/razorpay");
    const plain = await razorpayTestRequest({ secret: SECRET, payload: { payload: {} } });
    expect(JSON.parse(await plain.clone().text())).toEqual({ payload: {} });
    const again = await razorpayTestRequest({ secret: SECRET, payload: { payload: {} } });
    expect(plain.headers.get("x-razorpay-event-id")).toMatch(/^Hw[0-9a-f]{12}$/);
    expect(again.headers.get("x-razorpay-event-id")).toMatch(/^Hw[0-9a-f]{12}$/);
    expect(again.headers.get("x-razorpay-event-id")).not.toBe(plain.headers.get("x-razorpay-event-id"));
  });

  it("descriptor: the example is the fixture (Razorpay's documented payment.captured)", () => {
    expect(descriptor.example).toEqual({
      payload: JSON.parse(fixture.toString("utf8")),
      event: "payment.captured",
    });
    expect(descriptor.eventOption).toBe("the body's event when the payload has none (payment.captured…)");
  });
});

function validSignature(body: string): string {
  return createHmac("sha256", SECRET).update(body).digest("hex");
}
