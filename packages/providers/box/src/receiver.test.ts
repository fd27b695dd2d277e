import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
  withoutSyncHmac,
} from "@hookwire/test-utils";
import { computeWebhookSignature } from "box-node-sdk/lib/internal/utils";
import { WebhooksManager } from "box-node-sdk/lib/managers/webhooks";
import { describe, expect, it } from "vitest";
import { box } from "./receiver.js";
import { boxScheme, boxSchemeWith } from "./scheme.js";
import { boxTestRequest, descriptor } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/file-uploaded.json", import.meta.url), "utf8");
const PRIMARY = "SamplePrimaryKey0123456789abcdef";
const SECONDARY = "SampleSecondaryKey0123456789abcd";

function request(body: string, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/box", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Box's SDK reads lower-case header names. */
const lower = (headers: Headers) => Object.fromEntries([...headers].map(([k, v]) => [k.toLowerCase(), v]));

runHmacProviderConformance({
  name: "box",
  create: ({ secret }) => box({ primaryKey: secret }),
  testRequest: boxTestRequest,
  payload: JSON.parse(fixture),
  type: "FILE.UPLOADED",
  signatureHeader: "box-signature-primary",
  toleranceSeconds: 600,
});

describe("box()", () => {
  it("signs deliveries box-node-sdk's WebhooksManager.validateMessage accepts, raw escapes included", async () => {
    const signed = await boxTestRequest({ secret: PRIMARY, secondaryKey: SECONDARY, payload: fixture });
    const headers = lower(signed.headers);
    expect(headers["box-delivery-timestamp"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(
      await WebhooksManager.validateMessage(fixture, headers as never, PRIMARY, { secondaryKey: SECONDARY }),
    ).toBe(true);
    expect(await WebhooksManager.validateMessage(fixture, headers as never, "other-key")).toBe(false);
    // only the secondary key still valid (the primary was regenerated): the SDK accepts, so do we
    expect(
      await WebhooksManager.validateMessage(fixture, headers as never, "new-primary", {
        secondaryKey: SECONDARY,
      }),
    ).toBe(true);
    const event = await box({ primaryKey: "new-primary", secondaryKey: SECONDARY }).verify(signed.clone());
    expect(event.type).toBe("FILE.UPLOADED");
    expect(event.id).toBe("eb0c4e06-751f-442c-86f8-fd5bb404dbec");
    expect((event.payload as { source: { name: string } }).source.name).toBe("Contract été / 2020.pdf");
  });

  it("verifies signatures computed by box-node-sdk", async () => {
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, "+00:00");
    const base = {
      "box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
      "box-delivery-timestamp": timestamp,
      "box-signature-algorithm": "HmacSHA256",
      "box-signature-version": "1",
    };
    const primary = await computeWebhookSignature(fixture, base, PRIMARY);
    const secondary = await computeWebhookSignature(fixture, base, SECONDARY);
    const headers = { ...base, "box-signature-primary": primary!, "box-signature-secondary": secondary! };
    const event = await box({ primaryKey: PRIMARY }).verify(request(fixture, headers));
    expect(event.meta.deliveryId).toBe("f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f");
    expect(event.meta.webhookId).toBe("53");
    expect(
      (await box({ primaryKey: "rotated", secondaryKey: SECONDARY }).verify(request(fixture, headers))).type,
    ).toBe("FILE.UPLOADED");
    // a key checks only its own header: the secondary key does not vouch for the primary signature
    const onlyPrimary = { ...base, "box-signature-primary": secondary! };
    expect(
      await codeOf(
        box({ primaryKey: "rotated", secondaryKey: SECONDARY }).verify(request(fixture, onlyPrimary)),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed deliveries with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = box({ primaryKey: PRIMARY, now: () => now * 1000 });
    const good = await boxTestRequest({ secret: PRIMARY, payload: fixture, timestamp: now });
    const headers = lower(good.headers);
    expect((await receiver.verify(request(fixture, headers))).type).toBe("FILE.UPLOADED");
    // re-serialised JSON (no \u00e9, no \/) is not what Box signed
    expect(await codeOf(receiver.verify(request(JSON.stringify(JSON.parse(fixture)), headers)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { ...headers, "box-delivery-timestamp": "2023-11-14T22:13:21+00:00" }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await boxTestRequest({ secret: PRIMARY, payload: fixture, timestamp: now - 601 })),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    for (const [name, value] of [
      ["box-signature-version", "2"],
      ["box-signature-algorithm", "HmacSHA1"],
    ]) {
      expect(await codeOf(receiver.verify(request(fixture, { ...headers, [name!]: value! }))), name).toBe(
        "SIGNATURE_INVALID",
      );
    }
    const { "box-delivery-timestamp": _t, ...noTimestamp } = headers;
    expect(await codeOf(receiver.verify(request(fixture, noTimestamp)))).toBe("HEADER_INVALID");
    expect(
      await codeOf(receiver.verify(request(fixture, { ...headers, "box-delivery-timestamp": "yesterday" }))),
    ).toBe("HEADER_INVALID");
    const { "box-signature-primary": _p, ...unsigned } = headers;
    expect(await codeOf(receiver.verify(request(fixture, unsigned)))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(await boxTestRequest({ secret: "wrong-key", payload: fixture, timestamp: now })),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"type":"webhook_event"}']) {
      expect(
        await codeOf(
          receiver.verify(await boxTestRequest({ secret: PRIMARY, payload: broken, timestamp: now })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
    for (const secondaryKey of ["", [] as string[]]) {
      expect(() => box({ primaryKey: PRIMARY, secondaryKey })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("runs handlers through the router by trigger", async () => {
    const hooks = createWebhooks({ receivers: { box: box({ primaryKey: PRIMARY }) } });
    const seen: string[] = [];
    hooks.on("box", "FILE.UPLOADED", (event) => {
      seen.push(event.payload.source.id);
    });
    expect(
      (await hooks.handle(await boxTestRequest({ secret: PRIMARY, payload: fixture }))).status,
    ).toBeLessThan(300);
    expect(seen).toEqual(["123"]);
  });

  runDescriptorConformance(descriptor, { name: "box" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as FILE.UPLOADED when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("FILE.UPLOADED");
  });
});

describe("box() — cases found by mutation testing", () => {
  const now = 1_700_000_000;
  const signedAt = (timestamp: number, secret = PRIMARY, secondaryKey?: string) =>
    boxTestRequest({
      secret,
      payload: fixture,
      timestamp,
      ...(secondaryKey === undefined ? {} : { secondaryKey }),
    });
  const withHeaders = async (signed: Request, change: Record<string, string | null>) => {
    const headers = lower(signed.headers);
    for (const [name, value] of Object.entries(change)) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    return request(fixture, headers);
  };
  const parts = async (req: Request) => ({
    method: req.method,
    url: req.url,
    headers: req.headers,
    body: new Uint8Array(await req.arrayBuffer()),
  });

  it("applies toleranceSeconds and checks the time only after a matching signature", async () => {
    const at = (seconds: number) => () => seconds * 1000;
    expect(
      await codeOf(
        box({ primaryKey: PRIMARY, toleranceSeconds: 300, now: at(now + 400) }).verify(await signedAt(now)),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      (
        await box({ primaryKey: PRIMARY, toleranceSeconds: 900, now: at(now + 700) }).verify(
          await signedAt(now),
        )
      ).type,
    ).toBe("FILE.UPLOADED");
    expect(
      await codeOf(
        box({ primaryKey: PRIMARY, now: at(now + 3600) }).verify(await signedAt(now, "wrong-key")),
      ),
    ).toBe("SIGNATURE_INVALID");
    const scheme = boxSchemeWith({ toleranceSeconds: 300, now: at(now + 400) });
    expect(
      await codeOf(
        Promise.resolve().then(async () => scheme.verify(await parts(await signedAt(now)), [PRIMARY])),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("gives secondary matches the index after the primary keys, looked up synchronously or not", async () => {
    const signed = await signedAt(now, "regenerated-primary", SECONDARY);
    const at = () => now * 1000;
    const sync = boxSchemeWith({ secondary: () => ["x", SECONDARY], now: at });
    expect(await sync.verify(await parts(signed.clone()), [PRIMARY, "y"])).toBe(3);
    const async_ = boxSchemeWith({ secondary: async () => [SECONDARY], now: at });
    expect(await async_.verify(await parts(signed.clone()), [PRIMARY])).toBe(1);
    // a primary match is not looked up again under the secondary keys
    const both = await signedAt(now, PRIMARY, SECONDARY);
    expect(await sync.verify(await parts(both.clone()), ["y", PRIMARY])).toBe(1);
    // without secondary keys, a secondary signature alone is no signature
    const onlySecondary = await withHeaders(signed.clone(), { "box-signature-primary": null });
    expect(await refusalOf(box({ primaryKey: PRIMARY, now: at }).verify(onlySecondary.clone()))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/box] The BOX-SIGNATURE-PRIMARY header is missing. Generate signature keys in the Developer Console (Webhooks → Manage signature keys).",
    });
    expect(
      (await box({ primaryKey: PRIMARY, secondaryKey: SECONDARY, now: at }).verify(onlySecondary)).type,
    ).toBe("FILE.UPLOADED");
    // a blank secondary header is no secondary signature
    const blank = await withHeaders(signed.clone(), { "box-signature-secondary": "" });
    expect(await codeOf(box({ primaryKey: PRIMARY, secondaryKey: SECONDARY, now: at }).verify(blank))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("names what it refuses: the version and algorithm, a timestamp that is not an RFC 3339 date, a mismatch", async () => {
    const receiver = box({ primaryKey: PRIMARY, now: () => now * 1000 });
    expect(
      await refusalOf(
        receiver.verify(await withHeaders(await signedAt(now), { "box-signature-version": "2" })),
      ),
    ).toEqual({
      code: "SIGNATURE_INVALID",
      message:
        "[@hookwire/box] Unsupported signature: BOX-SIGNATURE-VERSION must be 1 and BOX-SIGNATURE-ALGORITHM HmacSHA256.",
    });
    for (const value of ["2023-11-14", "Tue, 14 Nov 2023 22:13:20 GMT", "1700000000", "2023-11-14Tnoon"]) {
      expect(
        await refusalOf(
          receiver.verify(await withHeaders(await signedAt(now), { "box-delivery-timestamp": value })),
        ),
        value,
      ).toEqual({
        code: "HEADER_INVALID",
        message: "[@hookwire/box] The BOX-DELIVERY-TIMESTAMP header is missing or not a date.",
      });
    }
    expect(await refusalOf(receiver.verify(await signedAt(now, "wrong-key")))).toEqual({
      code: "SIGNATURE_INVALID",
      message:
        "[@hookwire/box] The signature does not match the body under the primary or the secondary key.",
    });
    expect(await refusalOf(box({ primaryKey: () => undefined }).verify(await signedAt(now)))).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/box] No primaryKey is configured for this request. Pass { primaryKey: "…" } (a string, a list for rotation, or a function of the request).',
    });
  });

  it("signs with the current time by default, both headers for two keys, and Box's timestamp form", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { headers } = await boxScheme.sign({
      body: new TextEncoder().encode(fixture),
      secret: [PRIMARY, SECONDARY],
    });
    const after = Math.floor(Date.now() / 1000);
    const seconds = Date.parse(headers["BOX-DELIVERY-TIMESTAMP"]!) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    expect(headers["BOX-DELIVERY-TIMESTAMP"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const base = {
      "box-delivery-timestamp": headers["BOX-DELIVERY-TIMESTAMP"]!,
      "box-signature-algorithm": "HmacSHA256",
      "box-signature-version": "1",
    };
    expect(headers).toEqual({
      "BOX-SIGNATURE-VERSION": "1",
      "BOX-SIGNATURE-ALGORITHM": "HmacSHA256",
      "BOX-DELIVERY-TIMESTAMP": base["box-delivery-timestamp"],
      "BOX-SIGNATURE-PRIMARY": await computeWebhookSignature(fixture, base, PRIMARY),
      "BOX-SIGNATURE-SECONDARY": await computeWebhookSignature(fixture, base, SECONDARY),
    });
    const single = await boxScheme.sign({
      body: new TextEncoder().encode(fixture),
      secret: PRIMARY,
      timestamp: now,
    });
    expect(Object.keys(single.headers).sort()).toEqual([
      "BOX-DELIVERY-TIMESTAMP",
      "BOX-SIGNATURE-ALGORITHM",
      "BOX-SIGNATURE-PRIMARY",
      "BOX-SIGNATURE-VERSION",
    ]);
    expect(single.headers["BOX-DELIVERY-TIMESTAMP"]).toBe("2023-11-14T22:13:20+00:00");
  });

  it("reads meta strictly, accepts a body without content type, names its provider, applies maxBodyBytes", async () => {
    const receiver = box({ primaryKey: PRIMARY, now: () => now * 1000 });
    const body = (webhook: unknown) => JSON.stringify({ ...JSON.parse(fixture), webhook });
    const { webhook: _, ...withoutWebhook } = JSON.parse(fixture) as Record<string, unknown>;
    for (const webhook of [null, { id: 53 }, "53", undefined]) {
      const signed = await boxTestRequest({
        secret: PRIMARY,
        payload: webhook === undefined ? JSON.stringify(withoutWebhook) : body(webhook),
        timestamp: now,
        id: "d-1",
      });
      const event = await receiver.verify(signed);
      expect(event.meta, JSON.stringify(webhook)).toEqual({ deliveryId: "d-1", webhookId: undefined });
    }
    const noDelivery = await withHeaders(await signedAt(now), { "box-delivery-id": null });
    expect((await receiver.verify(noDelivery)).meta.deliveryId).toBeUndefined();
    const bare = await withHeaders(await signedAt(now), {});
    const headers = new Headers(bare.headers);
    headers.delete("content-type");
    const untyped = new Request(bare.url, {
      method: "POST",
      headers,
      body: new TextEncoder().encode(fixture),
    });
    expect(untyped.headers.get("content-type")).toBeNull();
    expect((await receiver.verify(untyped)).type).toBe("FILE.UPLOADED");
    expect(receiver.provider).toBe("box");
    expect(() => box(undefined as never)).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
    expect(
      await codeOf(
        box({ primaryKey: PRIMARY, now: () => now * 1000, maxBodyBytes: 64 }).verify(await signedAt(now)),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      (
        await box({ primaryKey: PRIMARY, now: () => now * 1000, maxBodyBytes: 8192 }).verify(
          await signedAt(now),
        )
      ).type,
    ).toBe("FILE.UPLOADED");
    expect((await receiver.verify(await signedAt(now))).receivedAt).toEqual(new Date(now * 1000));
  });

  it("boxTestRequest sends Box's user agent and a delivery id; the descriptor's example is the fixture", async () => {
    const signed = await boxTestRequest({ secret: PRIMARY, payload: fixture, id: "delivery-1" });
    expect(signed.headers.get("user-agent")).toBe("Box-WH-Client/0.1");
    expect(signed.headers.get("box-delivery-id")).toBe("delivery-1");
    const fresh = await boxTestRequest({ secret: PRIMARY, payload: fixture });
    expect(fresh.headers.get("box-delivery-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture) });
    expect(descriptor.secretIs).toBe("the application's primary signature key");
  });
  it("refuses wrong secondary signatures, keeps a primary match at index 0, and checks the time after an asynchronous lookup", async () => {
    const at = () => now * 1000;
    const wrongBoth = await signedAt(now, "wrong-primary", "wrong-secondary");
    const receiver = box({ primaryKey: PRIMARY, secondaryKey: SECONDARY, now: at });
    expect(await codeOf(receiver.verify(wrongBoth.clone()))).toBe("SIGNATURE_INVALID");
    const sync = boxSchemeWith({ secondary: () => [SECONDARY], now: at });
    expect(await sync.verify(await parts(wrongBoth.clone()), [PRIMARY])).toBe(-1);
    const wrongSecondaryOnly = await withHeaders(wrongBoth.clone(), { "box-signature-primary": null });
    expect(await codeOf(receiver.verify(wrongSecondaryOnly.clone()))).toBe("SIGNATURE_INVALID");
    expect(await sync.verify(await parts(wrongSecondaryOnly), [PRIMARY])).toBe(-1);
    const both = await signedAt(now, PRIMARY, SECONDARY);
    expect(await sync.verify(await parts(both.clone()), [PRIMARY])).toBe(0);
    const later = boxSchemeWith({ secondary: async () => [SECONDARY], now: () => (now + 3600) * 1000 });
    const bySecondary = await signedAt(now, "regenerated-primary", SECONDARY);
    expect(
      await codeOf(Promise.resolve().then(async () => later.verify(await parts(bySecondary), [PRIMARY]))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("refuses missing version and algorithm headers, and an extended-year timestamp, by name", async () => {
    const receiver = box({ primaryKey: PRIMARY, now: () => now * 1000 });
    for (const name of ["box-signature-version", "box-signature-algorithm"]) {
      expect(
        (await refusalOf(receiver.verify(await withHeaders(await signedAt(now), { [name]: null })))).message,
        name,
      ).toBe(
        "[@hookwire/box] Unsupported signature: BOX-SIGNATURE-VERSION must be 1 and BOX-SIGNATURE-ALGORITHM HmacSHA256.",
      );
    }
    // Date.parse reads "+002023-…" as the year 2023; Box writes four-digit years only
    const base = {
      "box-delivery-id": "d-1",
      "box-delivery-timestamp": "+002023-11-14T22:13:20+00:00",
      "box-signature-algorithm": "HmacSHA256",
      "box-signature-version": "1",
    };
    const signature = await computeWebhookSignature(fixture, base, PRIMARY);
    expect(
      await refusalOf(receiver.verify(request(fixture, { ...base, "box-signature-primary": signature! }))),
    ).toEqual({
      code: "HEADER_INVALID",
      message: "[@hookwire/box] The BOX-DELIVERY-TIMESTAMP header is missing or not a date.",
    });
  });

  it("names the secondaryKey option, and signs only the secondary header for an empty primary key", async () => {
    expect(() => box({ primaryKey: PRIMARY, secondaryKey: "" })).toThrow(
      "[@hookwire/box] The secondaryKey option is missing or empty. Pass { secondaryKey: process.env.… } — a string, a list for rotation, or a function of the request.",
    );
    const bySecondary = await signedAt(now, "regenerated-primary", SECONDARY);
    expect(
      await refusalOf(
        box({ primaryKey: PRIMARY, secondaryKey: () => undefined, now: () => now * 1000 }).verify(
          bySecondary,
        ),
      ),
    ).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/box] No secondaryKey is configured for this request. Pass { secondaryKey: "…" } (a string, a list for rotation, or a function of the request).',
    });
    const { headers } = await boxScheme.sign({
      body: new TextEncoder().encode(fixture),
      secret: ["", SECONDARY],
      timestamp: now,
    });
    expect(headers["BOX-SIGNATURE-PRIMARY"]).toBeUndefined();
    expect(headers["BOX-SIGNATURE-SECONDARY"]).toBe(
      await computeWebhookSignature(
        fixture,
        {
          "box-delivery-timestamp": "2023-11-14T22:13:20+00:00",
          "box-signature-algorithm": "HmacSHA256",
          "box-signature-version": "1",
        },
        SECONDARY,
      ),
    );
  });

  it("verifies with Web Crypto's promise (no synchronous HMAC): a primary match kept, a secondary match shifted", async () => {
    await withoutSyncHmac(async () => {
      const at = () => now * 1000;
      const scheme = boxSchemeWith({ secondary: () => ["other-secondary", SECONDARY], now: at });
      // both headers, only the primary one valid: the promise of the primary check gives 0, and the
      // secondary keys are not consulted
      const primaryOnly = await signedAt(now, PRIMARY, "wrong-secondary");
      const first = scheme.verify(await parts(primaryOnly), ["x", PRIMARY]);
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBe(1);
      // the primary was regenerated: the secondary key 1 after two primary keys is index 3
      const bySecondary = await signedAt(now, "regenerated-primary", SECONDARY);
      expect(await scheme.verify(await parts(bySecondary.clone()), [PRIMARY, "y"])).toBe(3);
      const receiver = box({ primaryKey: PRIMARY, secondaryKey: SECONDARY, now: at });
      expect((await receiver.verify(bySecondary)).type).toBe("FILE.UPLOADED");
    });
  });
});

describe("box: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => box({ primaryKey: "primary", toleranceSeconds: -1 })).toThrow(
      /^\[@hookwire\/box\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
