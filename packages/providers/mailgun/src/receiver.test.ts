import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import { codeOf, runDescriptorConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { mailgun } from "./receiver.js";
import { descriptor, mailgunTestRequest, signMailgunBody } from "./testing.js";

const fixture = JSON.parse(readFileSync(new URL("../test/fixtures/delivered.json", import.meta.url), "utf8"));
const eventData = fixture["event-data"];
const KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
const OTHER = "key-0000000000000000000000000000other";

/**
 * Mailgun's documented check ("Securing webhooks"): hex HMAC-SHA256 of timestamp + token under the
 * signing key, computed here independently with node:crypto.
 */
const docSignature = (key: string, timestamp: string, token: string) =>
  createHmac("sha256", key)
    .update(timestamp + token)
    .digest("hex");

function request(body: string, contentType = "application/json"): Request {
  return new Request("https://example.com/webhooks/mailgun", {
    method: "POST",
    body,
    headers: { "content-type": contentType },
  });
}

const signedBody = (key: string, timestamp: number, token: string) =>
  JSON.stringify({
    signature: {
      timestamp: String(timestamp),
      token,
      signature: docSignature(key, String(timestamp), token),
    },
    "event-data": eventData,
  });

describe("mailgun()", () => {
  it("verifies a body signed as Mailgun documents it, and signs the same way", async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = await mailgun({ secret: KEY }).verify(
      request(signedBody(KEY, now, "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0")),
    );
    expect(event.type).toBe("delivered");
    expect(event.id).toBe("CPgfbmQMTCKtHW6uIWtuVe");
    expect((event.payload as { "event-data": { recipient: string } })["event-data"].recipient).toBe(
      "alice@example.com",
    );
    const signed = JSON.parse(
      await (await mailgunTestRequest({ secret: KEY, payload: { "event-data": eventData } })).text(),
    );
    const { timestamp, token, signature } = signed.signature;
    expect(signature).toBe(docSignature(KEY, timestamp, token));
    expect(token).toMatch(/^[0-9a-f]{50}$/);
  });

  it("refuses a replayed token, and keeps tokens per store", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = signedBody(KEY, now, "b".repeat(50));
    const receiver = mailgun({ secret: KEY });
    expect((await receiver.verify(request(body))).type).toBe("delivered");
    expect(await codeOf(receiver.verify(request(body)))).toBe("SIGNATURE_INVALID");
    // a fresh token for the same event is a new delivery
    expect((await receiver.verify(request(signedBody(KEY, now, "c".repeat(50))))).type).toBe("delivered");
    // a shared store sees replays across receivers (processes)
    const shared = memoryIdempotencyStore();
    const once = signedBody(KEY, now, "d".repeat(50));
    expect((await mailgun({ secret: KEY, tokenStore: shared }).verify(request(once))).type).toBe("delivered");
    expect(await codeOf(mailgun({ secret: KEY, tokenStore: shared }).verify(request(once)))).toBe(
      "SIGNATURE_INVALID",
    );
    // turned off
    const off = mailgun({ secret: KEY, tokenStore: false });
    await off.verify(request(once));
    expect((await off.verify(request(once))).type).toBe("delivered");
    // a forged request never uses up a token
    const store = memoryIdempotencyStore();
    const forged = signedBody(OTHER, now, "e".repeat(50));
    expect(await codeOf(mailgun({ secret: KEY, tokenStore: store }).verify(request(forged)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(store.size).toBe(0);
  });

  it("accepts any key of a rotation list and a key looked up per request, refuses an empty one", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      (await mailgun({ secret: [OTHER, KEY] }).verify(request(signedBody(KEY, now, "f".repeat(50))))).type,
    ).toBe("delivered");
    const perRequest = mailgun({ secret: async () => KEY });
    expect((await perRequest.verify(request(signedBody(KEY, now, "g".repeat(50))))).type).toBe("delivered");
    for (const secret of ["", [], [""]]) {
      expect(() => mailgun({ secret })).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
    }
  });

  it("accepts a subaccount's event by its parent-signature under the primary account's key", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = "p".repeat(50);
    const body = JSON.stringify({
      signature: {
        token,
        timestamp: now, // Mailgun documents the timestamp as an int; examples send a string
        signature: docSignature("key-subaccount-own-key-000000000000", String(now), token),
        "parent-signature": docSignature(KEY, String(now), token),
      },
      "event-data": eventData,
    });
    expect((await mailgun({ secret: KEY }).verify(request(body))).type).toBe("delivered");
    expect(await codeOf(mailgun({ secret: OTHER }).verify(request(body)))).toBe("SIGNATURE_INVALID");
  });

  it("verifies legacy form-encoded webhooks", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = "h".repeat(50);
    const form = new URLSearchParams({
      event: "delivered",
      recipient: "alice@example.com",
      "Message-Id": "<20130503182626.18666.16540@sandbox.mailgun.org>",
      timestamp: String(now),
      token,
      signature: docSignature(KEY, String(now), token),
    });
    const event = await mailgun({ secret: KEY }).verify(
      request(form.toString(), "application/x-www-form-urlencoded"),
    );
    expect(event.type).toBe("delivered");
    expect(event.meta.legacy).toBe(true);
    form.set("recipient", "mallory@example.com"); // unsigned fields: Mailgun's signature covers timestamp and token only
    form.set("token", "i".repeat(50));
    expect(
      await codeOf(
        mailgun({ secret: KEY }).verify(request(form.toString(), "application/x-www-form-urlencoded")),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses tampered, expired, missing, wrong-key and malformed webhooks with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = mailgun({ secret: KEY, now: () => now * 1000, tokenStore: false });
    const good = JSON.parse(signedBody(KEY, now, "j".repeat(50)));
    expect((await receiver.verify(request(JSON.stringify(good)))).type).toBe("delivered");
    const tampered = structuredClone(good);
    tampered.signature.timestamp = String(now + 1);
    expect(await codeOf(receiver.verify(request(JSON.stringify(tampered))))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(signedBody(KEY, now - 301, "k".repeat(50)))))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(receiver.verify(request(signedBody(KEY, now + 301, "k".repeat(50)))))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(receiver.verify(request(JSON.stringify({ "event-data": eventData }))))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(receiver.verify(request(signedBody(OTHER, now, "l".repeat(50)))))).toBe(
      "SIGNATURE_INVALID",
    );
    const nonNumeric = structuredClone(good);
    nonNumeric.signature.timestamp = "soon";
    expect(await codeOf(receiver.verify(request(JSON.stringify(nonNumeric))))).toBe("SIGNATURE_INVALID");
    const noEvent = { ...good, "event-data": { id: "x" } };
    expect(await codeOf(receiver.verify(request(JSON.stringify(noEvent))))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request("{not json")))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(JSON.stringify(good), "text/plain")))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("answers the router with a coded error for a forged webhook and runs handlers for a real one", async () => {
    const hooks = createWebhooks({ receivers: { mailgun: mailgun({ secret: KEY }) } });
    const seen: string[] = [];
    hooks.on("mailgun", "delivered", (event) => {
      seen.push(event.payload["event-data"].recipient ?? "");
    });
    const forged = await hooks.handle(
      await mailgunTestRequest({ secret: OTHER, payload: { "event-data": eventData } }),
    );
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
    const ok = await hooks.handle(
      await mailgunTestRequest({ secret: KEY, payload: { "event-data": eventData } }),
    );
    expect(ok.status).toBeLessThan(300);
    expect(seen).toEqual(["alice@example.com"]);
    const body = await signMailgunBody({ "event-data": eventData }, KEY);
    expect(body.signature.signature).toBe(docSignature(KEY, body.signature.timestamp, body.signature.token));
  });

  runDescriptorConformance(descriptor, { name: "mailgun", allowCodes: ["SIGNATURE_MISSING"] });

  it("the descriptor signs a documented event, and its receiver reads its type", async () => {
    const secret = descriptor.exampleSecret ?? "a".repeat(40);
    const receiver = descriptor.receiver(secret);
    const event = await receiver.verify(
      await descriptor.sign({ secret, payload: { "event-data": eventData }, event: "ping" }),
    );
    expect(event.type).toBe("delivered");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as delivered when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("delivered");
  });
});
