import { createHmac, timingSafeEqual } from "node:crypto";
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

describe("lemon-squeezy — cases found by mutation testing", () => {
  const receiver = lemonSqueezy({ secret: SECRET });
  const signed = async (payload: unknown, headers: Record<string, string> = {}) => {
    const body = JSON.stringify(payload);
    return new Request("https://example.com/webhooks/lemon-squeezy", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-signature": await lemonSqueezySignature(body, SECRET),
        ...headers,
      },
    });
  };

  it("gives each once-per-object event the id name:objectId, numeric ids as digits, and no other event one", async () => {
    for (const name of [
      "order_created",
      "subscription_created",
      "subscription_payment_success",
      "subscription_payment_recovered",
      "license_key_created",
      "affiliate_activated",
    ]) {
      const event = await receiver.verify(await signed({ meta: { event_name: name }, data: { id: "42" } }));
      expect(event.id, name).toBe(`${name}:42`);
    }
    expect(
      (await receiver.verify(await signed({ meta: { event_name: "order_created" }, data: { id: 7 } }))).id,
    ).toBe("order_created:7");
    for (const data of [{ id: "" }, { id: null }, { id: true }, [{ id: "1" }], "1", null, undefined]) {
      const event = await receiver.verify(await signed({ meta: { event_name: "order_created" }, data }));
      expect(event.id, JSON.stringify(data)).toBeUndefined();
    }
    for (const name of ["order_refunded", "subscription_updated", "subscription_payment_failed"]) {
      expect(
        (await receiver.verify(await signed({ meta: { event_name: name }, data: { id: "42" } }))).id,
      ).toBeUndefined();
    }
  });

  it("reads meta strictly: test_mode only when true, webhook_id only a string, custom_data only an object", async () => {
    const metaOf = async (meta: unknown) =>
      (await receiver.verify(await signed({ meta, data: { id: "1" } }, { "x-event-name": "order_created" })))
        .meta;
    expect(
      await metaOf({
        event_name: "order_created",
        test_mode: true,
        webhook_id: "wh_1",
        custom_data: { a: 1 },
      }),
    ).toEqual({
      testMode: true,
      webhookId: "wh_1",
      customData: { a: 1 },
    });
    expect(
      await metaOf({ event_name: "order_created", test_mode: "true", webhook_id: 5, custom_data: ["a"] }),
    ).toEqual({
      testMode: false,
      webhookId: undefined,
      customData: undefined,
    });
    for (const custom_data of ["vip", null, 3]) {
      expect(
        (await metaOf({ event_name: "order_created", custom_data })).customData,
        String(custom_data),
      ).toBeUndefined();
    }
    expect(await metaOf(["order_created"])).toEqual({
      testMode: false,
      webhookId: undefined,
      customData: undefined,
    });
  });

  it("falls back to X-Event-Name when meta or its event_name is not usable, and names what is missing", async () => {
    for (const meta of [null, ["x"], { event_name: 5 }, { event_name: "" }]) {
      const event = await receiver.verify(
        await signed({ meta, data: {} }, { "x-event-name": "order_refunded" }),
      );
      expect(event.type, JSON.stringify(meta)).toBe("order_refunded");
    }
    expect(await refusalOf(receiver.verify(await signed({ data: {} })))).toEqual({
      code: "PAYLOAD_INVALID",
      message:
        "[@hookwire/lemon-squeezy] The body has no meta.event_name and there is no X-Event-Name header.",
    });
  });

  it("is named lemon-squeezy, says how to sign when the signature is missing, enforces maxBodyBytes", async () => {
    expect(receiver.provider).toBe("lemon-squeezy");
    const unsigned = new Request("https://example.com/webhooks/lemon-squeezy", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await refusalOf(receiver.verify(unsigned))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/lemon-squeezy] The X-Signature header is missing. Set a signing secret on the Lemon Squeezy webhook.",
    });
    expect(
      await codeOf(
        lemonSqueezy({ secret: SECRET, maxBodyBytes: 16 }).verify(request(fixture, { "x-signature": "00" })),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
  });

  it("lemonSqueezyTestRequest: X-Event-Name from event, else the body's event_name, else order_created", async () => {
    const nameOf = async (input: { payload: unknown; event?: string }) =>
      (await lemonSqueezyTestRequest({ secret: SECRET, ...input })).headers.get("x-event-name");
    expect(
      await nameOf({ payload: { meta: { event_name: "order_refunded" } }, event: "subscription_created" }),
    ).toBe("subscription_created");
    expect(await nameOf({ payload: { meta: { event_name: "order_refunded" } } })).toBe("order_refunded");
    expect(await nameOf({ payload: { meta: { event_name: 5 } } })).toBe("order_created");
    expect(await nameOf({ payload: null })).toBe("order_created");
    expect(await nameOf({ payload: {} })).toBe("order_created");
    const made = await lemonSqueezyTestRequest({ secret: SECRET, payload: { meta: {} } });
    expect(made.url).toBe("https://example.com/webhooks/lemon-squeezy");
  });

  it("the descriptor: its event option and Lemon Squeezy's documented order_created example", () => {
    expect(descriptor.eventOption).toBe(
      "X-Event-Name, used when the body has no meta.event_name (order_created…)",
    );
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
    expect(descriptor.example?.event).toBe("order_created");
  });
});
