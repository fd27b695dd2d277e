import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, hmacString } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import fc from "fast-check";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripe } from "./receiver.js";
import { parseStripeSignature } from "./signature.js";
import { stripeSignature, stripeTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/invoice-paid.json", import.meta.url));
const thinFixture = readFileSync(new URL("../test/fixtures/thin-meter-error.json", import.meta.url));
const SECRET = "whsec_test_secret";
const NOW = 1_700_000_000;
const clock = () => NOW * 1000;
const stripeClient = new Stripe("sk_test_123");

function request(body: BodyInit, signature: string | undefined, contentType = "application/json"): Request {
  const headers: Record<string, string> = { "content-type": contentType };
  if (signature !== undefined) headers["stripe-signature"] = signature;
  return new Request("https://example.com/webhooks/stripe", { method: "POST", body, headers });
}

describe("stripe()", () => {
  const receiver = stripe({ secret: SECRET, now: clock });

  it("verifies Stripe's documented scheme and takes type and id from the event", async () => {
    const v1 = await hmacString("SHA-256", SECRET, `${NOW}.${fixture.toString("utf8")}`, "hex");
    const event = await receiver.verify(request(fixture, `t=${NOW},v1=${v1}`));
    expect(event.type).toBe("invoice.paid");
    expect(event.id).toBe("evt_1NG8Du2eZvKYlo2CUI79vXWy");
    expect(event.meta.livemode).toBe(false);
  });

  it("verifies headers made by the stripe package's generateTestHeaderString", async () => {
    const header = stripeClient.webhooks.generateTestHeaderString({
      payload: fixture.toString("utf8"),
      secret: SECRET,
      timestamp: NOW,
    });
    expect((await receiver.verify(request(fixture, header))).type).toBe("invoice.paid");
  });

  it("and the stripe package accepts ours", async () => {
    const header = await stripeSignature({ payload: fixture, secret: SECRET });
    const event = stripeClient.webhooks.constructEvent(fixture, header, SECRET);
    expect(event.type).toBe("invoice.paid");
  });

  it("types thin events (object v2.core.event) and reads their context and related object", async () => {
    // signed by the stripe package, read by the stripe package as a thin event, then by us
    const header = stripeClient.webhooks.generateTestHeaderString({
      payload: thinFixture.toString("utf8"),
      secret: SECRET,
      timestamp: NOW,
    });
    const notification = stripeClient.parseEventNotification(thinFixture, header, SECRET, Infinity);
    expect(notification.type).toBe("v1.billing.meter.error_report_triggered");
    const event = await receiver.verify(request(thinFixture, header));
    expect(event.type).toBe("v1.billing.meter.error_report_triggered");
    expect(event.id).toBe(notification.id);
    expect(event.meta).toMatchObject({
      kind: "thin",
      livemode: false,
      account: "acct_1Nv0FGQ9RKHgCVdK",
      relatedObject: {
        id: "mtr_test_61R9IeFhsMRC1GuUN41GPenoR7Jdh9mY",
        type: "billing.meter",
        url: "/v1/billing/meters/mtr_test_61R9IeFhsMRC1GuUN41GPenoR7Jdh9mY",
      },
    });
    expect(
      (
        await receiver.verify(
          request(
            fixture,
            header.replace(
              /v1=[0-9a-f]+/,
              `v1=${await hmacString("SHA-256", SECRET, `${NOW}.${fixture.toString("utf8")}`, "hex")}`,
            ),
          ),
        )
      ).meta.kind,
    ).toBe("snapshot");
    // typed handlers for thin events through the router
    const hooks = createWebhooks({ receivers: { stripe: receiver } });
    const related: string[] = [];
    hooks.on("stripe", "v1.billing.meter.error_report_triggered", (e) => {
      related.push(e.payload.related_object.id);
    });
    expect((await hooks.handle(request(thinFixture, header))).status).toBe(200);
    expect(related).toEqual(["mtr_test_61R9IeFhsMRC1GuUN41GPenoR7Jdh9mY"]);
  });

  it("refuses toleranceSeconds 0 (the stripe package's 'off') and points to Infinity", async () => {
    expect(() => stripe({ secret: SECRET, toleranceSeconds: 0 })).toThrow(/Infinity/);
    expect(() => stripe({ secret: SECRET, toleranceSeconds: -5 })).toThrow(/positive/);
    const old = await stripeSignature({
      payload: fixture,
      secret: SECRET,
      timestamp: NOW - 10 * 365 * 86400,
    });
    const future = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW + 86400 });
    const off = stripe({ secret: SECRET, now: clock, toleranceSeconds: Infinity });
    expect((await off.verify(request(fixture, old))).type).toBe("invoice.paid");
    expect((await off.verify(request(fixture, future))).type).toBe("invoice.paid");
  });

  it("accepts any v1 among several and any of several secrets (rolling)", async () => {
    const good = await hmacString("SHA-256", "whsec_new", `${NOW}.${fixture.toString()}`, "hex");
    const header = `t=${NOW},v1=${"0".repeat(64)},v1=${good},v0=${"1".repeat(64)}`;
    expect(
      (await stripe({ secret: ["whsec_old", "whsec_new"], now: clock }).verify(request(fixture, header))).id,
    ).toBe("evt_1NG8Du2eZvKYlo2CUI79vXWy");
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed headers", async () => {
    const header = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW });
    const tampered = Buffer.from(fixture);
    tampered[40] = tampered[40]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, header)))).toBe("SIGNATURE_INVALID");
    const wrong = await stripeSignature({ payload: fixture, secret: "whsec_wrong", timestamp: NOW });
    expect(await codeOf(receiver.verify(request(fixture, wrong)))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, undefined)))).toBe("SIGNATURE_MISSING");
    for (const malformed of [
      "garbage",
      `t=${NOW}`,
      "v1=abcd",
      `t=abc,v1=${"0".repeat(64)}`,
      ",,,",
      "t=,v1=",
    ]) {
      expect(await codeOf(receiver.verify(request(fixture, malformed)))).toBe("SIGNATURE_INVALID");
    }
    // a v0-only header is not accepted: only v1 is compared
    const v0 = header.replace("v1=", "v0=");
    expect(await codeOf(receiver.verify(request(fixture, v0)))).toBe("SIGNATURE_INVALID");
  });

  it("refuses expired and future timestamps beyond the tolerance, in both directions", async () => {
    const old = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW - 301 });
    const future = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW + 301 });
    const edge = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW - 300 });
    expect(await codeOf(receiver.verify(request(fixture, old)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await codeOf(receiver.verify(request(fixture, future)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await codeOf(receiver.verify(request(fixture, edge)))).toBe("OK");
    const lenient = stripe({ secret: SECRET, now: clock, toleranceSeconds: 3600 });
    expect(await codeOf(lenient.verify(request(fixture, old)))).toBe("OK");
  });

  it("refuses a wrong content type and malformed JSON after a valid signature", async () => {
    const header = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW });
    expect(await codeOf(receiver.verify(request(fixture, header, "text/plain")))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const broken = "{nope";
    const brokenHeader = await stripeSignature({ payload: broken, secret: SECRET, timestamp: NOW });
    expect(await codeOf(receiver.verify(request(broken, brokenHeader)))).toBe("PAYLOAD_INVALID");
    const noType = '{"id":"evt_1"}';
    const noTypeHeader = await stripeSignature({ payload: noType, secret: SECRET, timestamp: NOW });
    expect(await codeOf(receiver.verify(request(noType, noTypeHeader)))).toBe("PAYLOAD_INVALID");
  });

  it("signs raw bytes as bytes, also when they are not valid UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const expected = createHmac("sha256", SECRET)
      .update(Buffer.concat([Buffer.from(`${NOW}.`), bytes]))
      .digest("hex");
    expect(await stripeSignature({ payload: bytes, secret: SECRET, timestamp: NOW })).toBe(
      `t=${NOW},v1=${expected}`,
    );
  });

  it("parses signature headers strictly", () => {
    expect(parseStripeSignature("t=12, v1=ab ,v1=cd,x=1")).toEqual({ timestamp: 12, v1: ["ab", "cd"] });
  });

  it("round-trips arbitrary bodies and secrets; a one-byte change to body, signature or timestamp fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: -300, max: 300 }),
        async (secretTail, bytes, position, skew) => {
          const secret = `whsec_${secretTail}`;
          const body = JSON.stringify({
            id: "evt_x",
            type: "charge.succeeded",
            blob: Buffer.from(bytes).toString("base64"),
          });
          const r = stripe({ secret, now: clock });
          // the independent signer: the stripe package's own test header
          const header = stripeClient.webhooks.generateTestHeaderString({
            payload: body,
            secret,
            timestamp: NOW + skew,
          });
          expect(await stripeSignature({ payload: body, secret, timestamp: NOW + skew })).toBe(header);
          expect(await codeOf(r.verify(request(body, header)))).toBe("OK");
          const b = Buffer.from(body);
          const i = position % b.length;
          b[i] = b[i]! ^ 0x20;
          expect(await codeOf(r.verify(request(b, header)))).toBe("SIGNATURE_INVALID");
          const sig = header.split("v1=")[1]!;
          const j = position % sig.length;
          const flipped = sig.slice(0, j) + (sig[j] === "0" ? "1" : "0") + sig.slice(j + 1);
          expect(await codeOf(r.verify(request(body, `t=${NOW + skew},v1=${flipped}`)))).toBe(
            "SIGNATURE_INVALID",
          );
          expect(await codeOf(r.verify(request(body, `t=${NOW + skew + 1},v1=${sig}`)))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("works in the router with typed handlers and the test helper", async () => {
    const hooks = createWebhooks({ receivers: { stripe: stripe({ secret: SECRET }) } });
    const amounts: number[] = [];
    hooks.on("stripe", "invoice.paid", (event) => {
      amounts.push(event.payload.data.object.amount_paid);
    });
    const response = await hooks.handle(
      await stripeTestRequest({ secret: SECRET, payload: JSON.parse(fixture.toString()) }),
    );
    expect(response.status).toBe(200);
    expect(amounts).toEqual([4200]);
  });

  it("refuses to be created without a secret", () => {
    expect(() => stripe({ secret: [] })).toThrow(/secret option is missing/);
  });
});
