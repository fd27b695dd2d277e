import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, hmacString } from "@hookwire/core";
import { codeOf, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripe } from "./receiver.js";
import { stripeScheme, stripeSchemeWith } from "./scheme.js";
import { parseStripeSignature } from "./signature.js";
import { descriptor, stripeSignature, stripeTestRequest } from "./testing.js";

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

describe("stripe() — cases found by mutation testing", () => {
  const receiver = stripe({ secret: SECRET, now: clock });
  const P = "[@hookwire/stripe]";
  const NO_T = `${P} The Stripe-Signature header has no valid timestamp (t=).`;
  const NO_V1 = `${P} The Stripe-Signature header has no v1 signature.`;
  const signed = async (payload: unknown) => {
    const text = JSON.stringify(payload);
    return request(text, await stripeSignature({ payload: text, secret: SECRET, timestamp: NOW }));
  };

  it("parses the header's t and v1 entries, trimmed; skips keyless, valueless and other entries", () => {
    expect(parseStripeSignature(" t = 12 , v1 = ab ")).toEqual({ timestamp: 12, v1: ["ab"] });
    expect(parseStripeSignature("t=1,t=2,v1=a")).toEqual({ timestamp: 2, v1: ["a"] });
    expect(parseStripeSignature("=5,t=3,v0=zz,v1=a,noequals")).toEqual({ timestamp: 3, v1: ["a"] });
    expect(parseStripeSignature(`t=${"9".repeat(15)},v1=a`).timestamp).toBe(999_999_999_999_999);
    for (const header of [
      "v1=a",
      "t=,v1=a",
      "t=12a,v1=a",
      "t=a12,v1=a",
      `t=${"1".repeat(16)},v1=a`,
      "t=-1,v1=a",
      "=1,v1=a",
    ]) {
      expect(() => parseStripeSignature(header), header).toThrow(NO_T);
    }
    for (const header of ["t=1", "t=1,v1=", "t=1,v1= ", "t=1,v0=a", "t=1,=a"]) {
      expect(() => parseStripeSignature(header), header).toThrow(NO_V1);
    }
    // an entry without "=" is skipped whole, even one that starts with a key name
    expect(() => parseStripeSignature("t=1,v1x")).toThrow(NO_V1);
    try {
      parseStripeSignature("t=1");
    } catch (error) {
      expect((error as { code?: string }).code).toBe("SIGNATURE_INVALID");
    }
  });

  it("refuses blank and unmatched signatures with exact messages", async () => {
    await expect(receiver.verify(request(fixture, "  "))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The Stripe-Signature header is missing. Is this request from Stripe, and is the endpoint's signing secret configured?`,
    });
    const wrong = await stripeSignature({ payload: fixture, secret: "whsec_other", timestamp: NOW });
    await expect(receiver.verify(request(fixture, wrong))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} No v1 signature matches the body under the configured secret.`,
    });
  });

  it("checks toleranceSeconds at creation: positive numbers and Infinity only", () => {
    const message = `${P} toleranceSeconds must be a positive number of seconds (it applies in both directions). To turn the timestamp check off, pass Infinity — not 0: the stripe package treats 0 as "no check", here it would refuse every delivery.`;
    for (const toleranceSeconds of [0, -1, Number.NaN, "60" as never]) {
      expect(() => stripe({ secret: SECRET, toleranceSeconds }), String(toleranceSeconds)).toThrow(message);
    }
    expect(() => stripe({ secret: SECRET, toleranceSeconds: 0 })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => stripe({ secret: SECRET, toleranceSeconds: 1 })).not.toThrow();
    expect(() => stripe({ secret: SECRET, toleranceSeconds: Infinity })).not.toThrow();
    expect(() => stripe(undefined as never)).toThrow(/secret option is missing/);
  });

  it("applies a custom tolerance, in both directions", async () => {
    const tight = stripe({ secret: SECRET, now: () => (NOW + 20) * 1000, toleranceSeconds: 10 });
    const loose = stripe({ secret: SECRET, now: () => (NOW + 20) * 1000, toleranceSeconds: 30 });
    const header = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW });
    expect(await codeOf(tight.verify(request(fixture, header)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await loose.verify(request(fixture, header))).type).toBe("invoice.paid");
    const early = stripe({ secret: SECRET, now: () => (NOW - 20) * 1000, toleranceSeconds: 10 });
    expect(await codeOf(early.verify(request(fixture, header)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await receiver.verify(request(fixture, header))).receivedAt.getTime()).toBe(NOW * 1000);
  });

  it("reads type, id, livemode, account and kind strictly", async () => {
    for (const type of [undefined, "", 5]) {
      await expect(receiver.verify(await signed({ id: "evt_1", type }))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The event has no "type".`,
      });
    }
    const snapshot = await receiver.verify(
      await signed({ id: 7, type: "x.y", livemode: "true", account: "acct_1", context: "acct_2" }),
    );
    expect([snapshot.id, snapshot.provider]).toEqual([undefined, "stripe"]);
    expect(snapshot.meta).toEqual({ livemode: false, account: "acct_1", kind: "snapshot" });
    const live = await receiver.verify(
      await signed({ id: "evt_2", type: "x.y", livemode: true, account: 3 }),
    );
    expect(live.meta).toEqual({ livemode: true, account: undefined, kind: "snapshot" });
    const thin = (extra: Record<string, unknown>) =>
      signed({ id: "evt_3", type: "v1.x", object: "v2.core.event", ...extra });
    expect((await receiver.verify(await thin({ context: "acct_9", account: "acct_1" }))).meta).toEqual({
      livemode: false,
      account: "acct_9",
      kind: "thin",
      relatedObject: undefined,
    });
    for (const related_object of [null, "x", { id: 5 }, {}]) {
      const event = await receiver.verify(await thin({ context: 1, related_object }));
      expect(event.meta).toEqual({
        livemode: false,
        account: undefined,
        kind: "thin",
        relatedObject: undefined,
      });
    }
    const related = await receiver.verify(await thin({ related_object: { id: "r1", type: "t", url: "/u" } }));
    expect(related.meta.relatedObject).toEqual({ id: "r1", type: "t", url: "/u" });
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = stripe({ secret: SECRET, now: clock, maxBodyBytes: 8 });
    const header = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW });
    expect(await codeOf(small.verify(request(fixture, header)))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("stripeTestRequest wraps object payloads as events and signs the sent bytes", async () => {
    const req = await stripeTestRequest({
      secret: SECRET,
      payload: { data: { object: {} } },
      timestamp: NOW,
    });
    const body = JSON.parse(await req.clone().text());
    expect(body).toMatchObject({ object: "event", type: "ping" });
    expect(body.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(req.headers.get("user-agent")).toMatch(/^Stripe\/1\.0/);
    expect((await receiver.verify(req)).type).toBe("ping");
    const text = await stripeTestRequest({ secret: SECRET, payload: '{"type":"a"}', id: "evt_x" });
    expect(await text.text()).toBe('{"type":"a"}');
    const given = await stripeTestRequest({ secret: SECRET, payload: {}, id: "evt_given", event: "a.b" });
    expect(JSON.parse(await given.text())).toMatchObject({ id: "evt_given", type: "a.b" });
  });
});

describe("stripeScheme", () => {
  it("signs one v1 per secret while a secret is rolled; the stripe package accepts the header under each", async () => {
    const { headers } = await stripeScheme.sign({
      body: new Uint8Array(fixture),
      secret: ["whsec_old", "whsec_new"],
      timestamp: NOW,
    });
    const header = headers["Stripe-Signature"]!;
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    for (const secret of ["whsec_old", "whsec_new"]) {
      expect(stripeClient.webhooks.constructEvent(fixture, header, secret, Infinity).type).toBe(
        "invoice.paid",
      );
    }
    expect(() => stripeClient.webhooks.constructEvent(fixture, header, "whsec_other", Infinity)).toThrow();
  });

  it("keys the HMAC with the whole whsec_ string, not its decoded bytes", async () => {
    const { headers } = await stripeScheme.sign({
      body: new Uint8Array(fixture),
      secret: SECRET,
      timestamp: NOW,
    });
    const expected = createHmac("sha256", SECRET).update(`${NOW}.`).update(fixture).digest("hex");
    expect(headers["Stripe-Signature"]).toBe(`t=${NOW},v1=${expected}`);
  });

  it("checks the timestamp after the signature, with its own tolerance and clock", async () => {
    const header = await stripeSignature({ payload: fixture, secret: SECRET, timestamp: NOW - 120 });
    const raw = {
      method: "POST",
      url: "https://example.com/webhooks/stripe",
      headers: new Headers({ "stripe-signature": header }),
      body: new Uint8Array(fixture),
    };
    expect(await stripeSchemeWith({ now: clock }).verify(raw, ["whsec_other", SECRET])).toBe(1);
    expect(
      await codeOf(
        Promise.resolve().then(() =>
          stripeSchemeWith({ now: clock, toleranceSeconds: 60 }).verify(raw, [SECRET]),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    // a signature under no configured secret is a mismatch even when the timestamp is stale
    expect(await stripeSchemeWith({ now: clock, toleranceSeconds: 60 }).verify(raw, ["whsec_other"])).toBe(
      -1,
    );
  });

  it("reports a header without t= or v1= as malformed", async () => {
    for (const header of [`t=${NOW}`, `v1=${"0".repeat(64)}`, `t=${NOW},v0=${"0".repeat(64)}`]) {
      await expect(
        stripe({ secret: SECRET, now: clock }).verify(request(fixture, header)),
      ).rejects.toMatchObject({
        code: "SIGNATURE_INVALID",
        message: "[@hookwire/stripe] The Stripe-Signature header is malformed.",
      });
    }
  });
});

describe("@hookwire/stripe/testing", () => {
  it("describes the package for tools: signed requests its receiver accepts", async () => {
    expect([descriptor.name, descriptor.packageName]).toEqual(["stripe", "@hookwire/stripe"]);
    const request = await descriptor.sign({
      secret: SECRET,
      event: "invoice.paid",
      payload: { data: { object: {} } },
    });
    expect((await descriptor.receiver(SECRET).verify(request.clone())).type).toBe("invoice.paid");
    expect(await codeOf(descriptor.receiver("whsec_other").verify(request))).toBe("SIGNATURE_INVALID");
  });
});

runHmacProviderConformance({
  name: "stripe",
  create: stripe,
  testRequest: stripeTestRequest,
  payload: { data: { object: { id: "in_1" } } },
  event: "invoice.paid",
  type: "invoice.paid",
  signatureHeader: "stripe-signature",
  toleranceSeconds: 300,
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as invoice.paid when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("invoice.paid");
  });
});

describe("stripe — cases found by the third mutation run", () => {
  it("toleranceSeconds applies without a custom clock (the real time)", async () => {
    const body = fixture.toString("utf8");
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    const header = stripeClient.webhooks.generateTestHeaderString({
      payload: body,
      secret: SECRET,
      timestamp: twoMinutesAgo,
    });
    expect(await codeOf(stripe({ secret: SECRET, toleranceSeconds: 60 }).verify(request(body, header)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect((await stripe({ secret: SECRET }).verify(request(body, header))).type).toBe("invoice.paid");
  });

  it("parseStripeSignature: a header without a valid t is SIGNATURE_INVALID", () => {
    for (const header of ["v1=abc", "t=12a,v1=abc"]) {
      expect(() => parseStripeSignature(header), header).toThrow(
        expect.objectContaining({
          code: "SIGNATURE_INVALID",
          message: expect.stringMatching(/no valid timestamp/),
        }),
      );
    }
  });

  it("parseStripeSignature: a header without v1 is SIGNATURE_INVALID", () => {
    expect(() => parseStripeSignature("t=1492774577,v0=abc")).toThrow(
      expect.objectContaining({
        code: "SIGNATURE_INVALID",
        message: expect.stringMatching(/no v1 signature/),
      }),
    );
  });

  it("stripeTestRequest sends a null payload as given, not wrapped in an event", async () => {
    const sent = await stripeTestRequest({ secret: SECRET, payload: null });
    expect(await sent.text()).toBe("null");
  });

  it("descriptor.example is the documented invoice.paid event of the fixture, trimmed to these fields", () => {
    const documented = JSON.parse(fixture.toString("utf8")) as Record<string, any>;
    const pick = (from: Record<string, unknown>, keys: readonly string[]) =>
      Object.fromEntries(keys.map((key) => [key, from[key]]));
    expect(descriptor.example?.payload).toEqual({
      ...pick(documented, [
        "id",
        "object",
        "api_version",
        "created",
        "livemode",
        "pending_webhooks",
        "request",
        "type",
      ]),
      data: {
        object: pick(documented.data.object, [
          "id",
          "object",
          "amount_due",
          "amount_paid",
          "currency",
          "customer",
          "status",
          "description",
        ]),
      },
    });
  });
});
