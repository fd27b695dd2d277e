import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lemonSqueezy } from "./receiver.js";
import { descriptor, lemonSqueezySignature, lemonSqueezyTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/order-created.json", import.meta.url));
const SECRET = "ls-signing-secret-0123456789";

/** Lemon Squeezy's documented verification: hex HMAC-SHA256 of the raw body, compared as bytes. */
function documentedVerify(rawBody: Uint8Array, header: string, secret: string): boolean {
  const digest = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("hex"), "utf8");
  const signature = Buffer.from(header, "utf8");
  return digest.length === signature.length && timingSafeEqual(digest, signature);
}

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/lemon-squeezy", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-event-name": "order_created", ...headers },
  });
}

describe("lemonSqueezy()", () => {
  it("verifies the documented example signed as Lemon Squeezy's documentation computes it", async () => {
    const signature = createHmac("sha256", SECRET).update(fixture).digest("hex");
    const event = await lemonSqueezy({ secret: SECRET }).verify(
      request(fixture, { "x-signature": signature }),
    );
    expect(event.type).toBe("order_created");
    expect(event.id).toBe("order_created:1");
    expect(event.meta).toEqual({ testMode: false, webhookId: undefined, customData: { customer_id: 25 } });
    expect((event.payload as { data: { attributes: { total: number } } }).data.attributes.total).toBe(1199);
  });

  it("signs what the documented verification accepts, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 6, maxLength: 40 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          const signature = await lemonSqueezySignature(body, secret);
          expect(documentedVerify(body, signature, secret)).toBe(true);
          expect(documentedVerify(body, signature, `${secret}x`)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = lemonSqueezy({ secret: SECRET });
    const signature = await lemonSqueezySignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace('"total": 1199', '"total": 1'));
    expect(await codeOf(receiver.verify(request(tampered, { "x-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-signature": await lemonSqueezySignature(fixture, "x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-signature": `sha256=${signature}` })))).toBe(
      "SIGNATURE_INVALID",
    );
    const base64 = Buffer.from(signature, "hex").toString("base64");
    expect(await codeOf(receiver.verify(request(fixture, { "x-signature": base64 })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("names the event from the signed body, not from the unsigned X-Event-Name header", async () => {
    const receiver = lemonSqueezy({ secret: SECRET });
    const signature = await lemonSqueezySignature(fixture, SECRET);
    const event = await receiver.verify(
      request(fixture, { "x-signature": signature, "x-event-name": "order_refunded" }),
    );
    expect(event.type).toBe("order_created");
    const bare = JSON.stringify({ data: { type: "orders", id: "9" } });
    const fromHeader = await receiver.verify(
      request(bare, {
        "x-signature": await lemonSqueezySignature(bare, SECRET),
        "x-event-name": "order_refunded",
      }),
    );
    expect(fromHeader.type).toBe("order_refunded");
    expect(fromHeader.id).toBeUndefined();
  });

  it("refuses a signed body without an event name, and malformed JSON", async () => {
    const receiver = lemonSqueezy({ secret: SECRET });
    for (const body of [JSON.stringify({ data: {} }), "{not json", "[]"]) {
      const req = new Request("https://example.com/webhooks/lemon-squeezy", {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-signature": await lemonSqueezySignature(body, SECRET),
        },
      });
      expect(await codeOf(receiver.verify(req))).toBe("PAYLOAD_INVALID");
    }
  });

  it("gives once-per-object events an id, so a retried order_created runs its handlers once", async () => {
    const hooks = createWebhooks({
      receivers: { "lemon-squeezy": lemonSqueezy({ secret: SECRET }) },
      idempotency: true,
    });
    const totals: number[] = [];
    hooks.on("lemon-squeezy", "order_created", (event) => {
      totals.push(event.payload.data.attributes.total);
    });
    const updates: string[] = [];
    hooks.on("lemon-squeezy", "subscription_updated", (event) => {
      updates.push(event.payload.data.attributes.status);
    });
    const order = JSON.parse(fixture.toString("utf8"));
    expect(
      (await hooks.handle(await lemonSqueezyTestRequest({ secret: SECRET, payload: order }))).status,
    ).toBe(200);
    expect(
      (await hooks.handle(await lemonSqueezyTestRequest({ secret: SECRET, payload: order }))).status,
    ).toBe(200);
    const update = (status: string) => ({
      meta: { event_name: "subscription_updated" },
      data: { type: "subscriptions", id: "7", attributes: { status } },
    });
    await hooks.handle(await lemonSqueezyTestRequest({ secret: SECRET, payload: update("active") }));
    await hooks.handle(await lemonSqueezyTestRequest({ secret: SECRET, payload: update("cancelled") }));
    expect(totals).toEqual([1199]);
    expect(updates).toEqual(["active", "cancelled"]);
  });

  runDescriptorConformance(descriptor, { name: "lemon-squeezy", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { data: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "lemon-squeezy",
  create: lemonSqueezy,
  testRequest: lemonSqueezyTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "order_created",
  signatureHeader: "x-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as order_created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("order_created");
  });
});
