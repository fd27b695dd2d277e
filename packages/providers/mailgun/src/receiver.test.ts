import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import { codeOf, refusalOf, runDescriptorConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { mailgun } from "./receiver.js";
import { mailgunScheme, mailgunSchemeWith, mailgunSignature, mailgunSignatureOf } from "./scheme.js";
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

describe("mailgun — cases found by mutation testing", () => {
  const NOW = 1_700_000_000;
  const at = (seconds: number) => () => seconds * 1000;
  const body = (signature: Record<string, unknown>, data: unknown = eventData) =>
    JSON.stringify({ signature, "event-data": data });
  const signatureAt = (key: string, timestamp: string, token: string) => ({
    timestamp,
    token,
    signature: docSignature(key, timestamp, token),
  });

  it("takes the timestamp as 1 to 12 digits only, refused by name otherwise", async () => {
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore: false });
    for (const timestamp of [`${NOW}.5`, ` ${NOW}`, `x${NOW}`, `${NOW}x`, "", "1234567890123"]) {
      expect(
        await refusalOf(receiver.verify(request(body(signatureAt(KEY, timestamp, "t".repeat(50)))))),
      ).toEqual({
        code: "SIGNATURE_INVALID",
        message: "[@hookwire/mailgun] The signed timestamp is not a number.",
      });
    }
    // twelve digits are read (and then refused as too far from now)
    expect(
      await codeOf(receiver.verify(request(body(signatureAt(KEY, "123456789012", "t".repeat(50)))))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("names a body without a signature object, and reads only string fields of one", async () => {
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore: false });
    const missing = {
      code: "SIGNATURE_MISSING",
      message: "[@hookwire/mailgun] The body carries no signature (timestamp, token, signature).",
    };
    expect(await refusalOf(receiver.verify(request(JSON.stringify({ "event-data": eventData }))))).toEqual(
      missing,
    );
    for (const text of [
      "null",
      '"text"',
      "[1]",
      JSON.stringify({ signature: null }),
      JSON.stringify({ signature: "s" }),
    ]) {
      expect(await refusalOf(receiver.verify(request(text))), text).toEqual(missing);
    }
    const good = signatureAt(KEY, String(NOW), "u".repeat(50));
    for (const field of ["timestamp", "token", "signature"] as const) {
      expect(await refusalOf(receiver.verify(request(body({ ...good, [field]: null })))), field).toEqual(
        missing,
      );
    }
    // a numeric timestamp is read as its digits
    expect((await receiver.verify(request(body({ ...good, timestamp: NOW })))).type).toBe("delivered");
  });

  it("ignores an empty or non-string parent-signature, and matches a parent-signature alone", async () => {
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore: false });
    const good = signatureAt(KEY, String(NOW), "v".repeat(50));
    for (const parent of ["", 7, null]) {
      expect((await receiver.verify(request(body({ ...good, "parent-signature": parent })))).type).toBe(
        "delivered",
      );
    }
    const withEmptyParent = {
      method: "POST",
      url: "https://example.com/webhooks/mailgun",
      headers: new Headers({ "content-type": "application/json" }),
      body: new TextEncoder().encode(body({ ...good, "parent-signature": "" })),
    };
    expect(mailgunSignatureOf(withEmptyParent)).toEqual(good);
    const parentOnly = {
      ...signatureAt(OTHER, String(NOW), "v".repeat(50)),
      "parent-signature": good.signature,
    };
    expect((await receiver.verify(request(body(parentOnly)))).type).toBe("delivered");
    const neither = {
      ...signatureAt(OTHER, String(NOW), "v".repeat(50)),
      "parent-signature": "00".repeat(32),
    };
    expect(await refusalOf(receiver.verify(request(body(neither))))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/mailgun] The signature does not match the body.",
    });
    // a forged signature is never reported as expired: the timestamp is checked after the match
    const forgedOld = signatureAt(OTHER, String(NOW - 3600), "v".repeat(50));
    expect(await codeOf(receiver.verify(request(body(forgedOld))))).toBe("SIGNATURE_INVALID");
  });

  it("toleranceSeconds widens the window and sets the tokens' lifetime to twice it", async () => {
    const claims: Array<[string, number]> = [];
    const tokenStore = {
      claim: (key: string, ttlMs: number) => {
        claims.push([key, ttlMs]);
        return true;
      },
      release: () => {},
    };
    const wide = mailgun({ secret: KEY, now: at(NOW), toleranceSeconds: 600, tokenStore });
    expect(
      await wide.verify(request(body(signatureAt(KEY, String(NOW - 599), "w".repeat(50))))),
    ).toBeDefined();
    expect(
      await codeOf(wide.verify(request(body(signatureAt(KEY, String(NOW - 601), "x".repeat(50)))))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(claims).toEqual([[`mailgun-token:${"w".repeat(50)}`, 1_200_000]]);
    const normal = mailgun({ secret: KEY, now: at(NOW), tokenStore });
    await normal.verify(request(body(signatureAt(KEY, String(NOW - 299), "y".repeat(50)))));
    expect(claims[1]).toEqual([`mailgun-token:${"y".repeat(50)}`, 600_000]);
    const endless = mailgun({ secret: KEY, toleranceSeconds: Number.POSITIVE_INFINITY, tokenStore });
    await endless.verify(request(body(signatureAt(KEY, "1", "z".repeat(50)))));
    expect(claims[2]).toEqual([`mailgun-token:${"z".repeat(50)}`, 2_147_483_647]);
    // the scheme alone, with its own window
    const scheme = mailgunSchemeWith({ toleranceSeconds: 10, now: at(NOW) });
    const signed = request(body(signatureAt(KEY, String(NOW - 11), "q".repeat(50))));
    const webRequest = {
      method: "POST",
      url: signed.url,
      headers: signed.headers,
      body: new Uint8Array(await signed.arrayBuffer()),
    };
    expect(() => scheme.verify(webRequest, [KEY])).toThrow(
      expect.objectContaining({ code: "TIMESTAMP_OUT_OF_TOLERANCE" }),
    );
    expect(scheme.verify(webRequest, [OTHER])).toBe(-1);
  });

  it("a token store that answers asynchronously refuses a replay by name", async () => {
    const seen = new Set<string>();
    const tokenStore = {
      claim: async (key: string) => {
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
      release: () => {},
    };
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore });
    const once = body(signatureAt(KEY, String(NOW), "r".repeat(50)));
    expect((await receiver.verify(request(once))).type).toBe("delivered");
    expect(await refusalOf(receiver.verify(request(once)))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/mailgun] The signature's token was already used: a replay.",
    });
  });

  it("reads the id only from a non-empty string, names a body without event-data.event, and a form without event", async () => {
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore: false });
    const good = signatureAt(KEY, String(NOW), "s".repeat(50));
    for (const id of ["", 5]) {
      expect((await receiver.verify(request(body(good, { ...eventData, id })))).id).toBeUndefined();
    }
    for (const data of [null, "delivered", { event: "" }, { event: 1 }]) {
      expect(await refusalOf(receiver.verify(request(body(good, data))))).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/mailgun] The body has no "event-data.event".',
      });
    }
    const event = await receiver.verify(request(body(good)));
    expect(event.meta).toEqual({ legacy: false });
    expect(event.receivedAt.getTime()).toBe(NOW * 1000);
    const form = new URLSearchParams({ recipient: "a@example.com", ...good });
    expect(
      await refusalOf(receiver.verify(request(form.toString(), "application/x-www-form-urlencoded"))),
    ).toEqual({
      code: "PAYLOAD_INVALID",
      message: '[@hookwire/mailgun] The form has no "event" field.',
    });
    form.set("event", "opened");
    const legacy = await receiver.verify(request(form.toString(), "application/x-www-form-urlencoded"));
    expect([legacy.type, legacy.id, legacy.payload]).toEqual(["opened", undefined, Object.fromEntries(form)]);
  });

  it("accepts JSON sent without a content type, enforces maxBodyBytes, and is named mailgun", async () => {
    const receiver = mailgun({ secret: KEY, now: at(NOW), tokenStore: false });
    const text = body(signatureAt(KEY, String(NOW), "m".repeat(50)));
    const untyped = new Request("https://example.com/webhooks/mailgun", {
      method: "POST",
      body: new TextEncoder().encode(text) as BodyInit,
    });
    expect((await receiver.verify(untyped)).type).toBe("delivered");
    expect(receiver.provider).toBe("mailgun");
    expect(() => mailgun(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(await codeOf(mailgun({ secret: KEY, maxBodyBytes: 16 }).verify(request(text)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("mailgunSignature: the given or current time, a 50-hex-digit token, Mailgun's HMAC; the scheme signs no header", async () => {
    const fixed = await mailgunSignature(KEY, NOW, "token-1");
    expect(fixed).toEqual({
      timestamp: String(NOW),
      token: "token-1",
      signature: docSignature(KEY, String(NOW), "token-1"),
    });
    const before = Math.floor(Date.now() / 1000);
    const fresh = await mailgunSignature(KEY);
    expect(Number(fresh.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(fresh.timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(fresh.token).toMatch(/^[0-9a-f]{50}$/);
    expect(fresh.token).not.toBe((await mailgunSignature(KEY)).token);
    expect(fresh.signature).toBe(docSignature(KEY, fresh.timestamp, fresh.token));
    expect(await mailgunScheme.sign({ secret: KEY, body: new Uint8Array() })).toEqual({ headers: {} });
    const stamped = await signMailgunBody({ a: 1 }, KEY, NOW);
    expect(stamped.a).toBe(1);
    expect(stamped.signature.timestamp).toBe(String(NOW));
  });

  it("mailgunTestRequest signs an object payload with the given timestamp, sends others as they are", async () => {
    const made = await mailgunTestRequest({
      secret: KEY,
      payload: { "event-data": eventData },
      timestamp: NOW,
    });
    expect(made.headers.get("user-agent")).toBe("mailgun/treq-16.12.0");
    expect(made.url).toBe("https://example.com/webhooks/mailgun");
    const sent = JSON.parse(await made.text());
    expect(sent.signature.timestamp).toBe(String(NOW));
    expect(sent.signature.signature).toBe(docSignature(KEY, String(NOW), sent.signature.token));
    for (const payload of ["[1,2]", "null", "not json"]) {
      expect(await (await mailgunTestRequest({ secret: KEY, payload })).text()).toBe(payload);
    }
  });

  it("the descriptor names its secret and carries Mailgun's documented delivered event", () => {
    expect(descriptor.secretIs).toBe("the HTTP webhook signing key");
    expect(descriptor.example?.payload).toEqual(fixture);
  });
});

describe("mailgun: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => mailgun({ secret: KEY, toleranceSeconds: -1 })).toThrow(
      /^\[@hookwire\/mailgun\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
