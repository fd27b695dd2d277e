import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { pusher } from "./receiver.js";
import { pusherScheme } from "./scheme.js";
import { descriptor, pusherSignature, pusherTestRequest } from "./testing.js";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url));
const vacated = fixture("channel-vacated.json");
const batch = fixture("presence-batch.json");
const VECTOR = {
  key: "123456789",
  secret: "beef",
  signature: "df1465f5ff93f83238152fd002cb904f9562d39569e68f00a6bfa0d8ccf88334",
};

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/pusher", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("pusher()", () => {
  it("reproduces and verifies pusher-http-node's signed webhook", async () => {
    expect(await pusherSignature(vacated, VECTOR.secret)).toBe(VECTOR.signature);
    const event = await pusher({ apps: [{ key: VECTOR.key, secret: VECTOR.secret }] }).verify(
      request(vacated, { "x-pusher-key": VECTOR.key, "x-pusher-signature": VECTOR.signature }),
    );
    expect(event.type).toBe("channel_vacated");
    expect(event.id).toBeUndefined();
    expect(event.meta).toEqual({ key: VECTOR.key, names: ["channel_vacated"], timeMs: 1403175510755 });
  });

  it("selects the secret by X-Pusher-Key among several apps, and refuses an unknown key", async () => {
    const receiver = pusher({
      apps: [
        { key: "1", secret: "nope" },
        { key: "2", secret: "not really" },
        { key: "3", secret: "beef" },
      ],
    });
    const signed = { "x-pusher-signature": VECTOR.signature };
    expect((await receiver.verify(request(vacated, { ...signed, "x-pusher-key": "3" }))).type).toBe(
      "channel_vacated",
    );
    expect(await codeOf(receiver.verify(request(vacated, { ...signed, "x-pusher-key": "1" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request(vacated, { ...signed, "x-pusher-key": "000" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("accepts several secrets per key (rotation) and a fallback secret function", async () => {
    const signed = { "x-pusher-key": "k", "x-pusher-signature": await pusherSignature(vacated, "old") };
    expect(
      (await pusher({ apps: [{ key: "k", secret: ["new", "old"] }] }).verify(request(vacated, signed))).type,
    ).toBe("channel_vacated");
    const lookup = vi.fn((req: { headers: { get(name: string): string | null } }) =>
      req.headers.get("x-pusher-key") === "k" ? "old" : undefined,
    );
    await pusher({ secret: lookup }).verify(request(vacated, signed));
    expect(lookup).toHaveBeenCalledOnce();
    expect(
      await codeOf(
        pusher({ secret: lookup }).verify(request(vacated, { ...signed, "x-pusher-key": "other" })),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("types a mixed batch `batch` with the distinct names in meta", async () => {
    const event = await pusher({ apps: [{ key: "k", secret: "s" }] }).verify(
      request(batch, { "x-pusher-key": "k", "x-pusher-signature": await pusherSignature(batch, "s") }),
    );
    expect(event.type).toBe("batch");
    expect(event.meta.names).toEqual(["member_added", "member_removed", "client_event"]);
    expect((event.payload as { events: unknown[] }).events).toHaveLength(3);
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed headers", async () => {
    const receiver = pusher({ apps: [{ key: VECTOR.key, secret: VECTOR.secret }] });
    const tampered = Buffer.from(vacated);
    tampered[15] = tampered[15]! ^ 1;
    expect(
      await codeOf(
        receiver.verify(
          request(tampered, { "x-pusher-key": VECTOR.key, "x-pusher-signature": VECTOR.signature }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(vacated, {
            "x-pusher-key": VECTOR.key,
            "x-pusher-signature": await pusherSignature(vacated, "wrong"),
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(vacated, { "x-pusher-key": VECTOR.key })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(receiver.verify(request(vacated, { "x-pusher-signature": VECTOR.signature })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(
      await codeOf(
        receiver.verify(request(vacated, { "x-pusher-key": VECTOR.key, "x-pusher-signature": "000" })),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = pusher({ apps: [{ key: "k", secret: "s" }] });
    const sign = async (body: string | Buffer) => ({
      "x-pusher-key": "k",
      "x-pusher-signature": await pusherSignature(body, "s"),
    });
    expect(
      await codeOf(
        receiver.verify(request(vacated, { ...(await sign(vacated)), "content-type": "application/weird" })),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    for (const body of ["not json!", "{}", '{"events":[{"channel":"c"}]}']) {
      expect(await codeOf(receiver.verify(request(body, await sign(body))))).toBe("PAYLOAD_INVALID");
    }
  });

  it("refuses bad configuration", () => {
    expect(() => pusher({})).toThrow(/No app is configured/);
    expect(() => pusher({ apps: [{ key: "", secret: "s" }] })).toThrow(/non-empty key and secret/);
    expect(() => pusher({ apps: [{ key: "k", secret: [] }] })).toThrow(/non-empty key and secret/);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { pusher: pusher({ apps: [{ key: "app", secret: "s" }] }) } });
    const joined: string[] = [];
    hooks.on("pusher", "member_added", (event) => {
      for (const e of event.payload.events) joined.push(e.user_id);
    });
    const response = await hooks.handle(
      await pusherTestRequest({
        secret: "s",
        key: "app",
        event: "member_added",
        payload: { channel: "presence-x", user_id: "9" },
      }),
    );
    expect(response.status).toBe(200);
    expect(joined).toEqual(["9"]);
    const forged = await hooks.handle(
      await pusherTestRequest({
        secret: "x",
        key: "app",
        event: "member_added",
        payload: { channel: "presence-x", user_id: "6" },
      }),
    );
    expect(forged.status).toBe(401);
    expect(joined).toEqual(["9"]);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = new TextEncoder().encode(
            JSON.stringify({
              time_ms: 1,
              events: [{ name: "cache_miss", channel: Buffer.from(bytes).toString("base64") }],
            }),
          );
          // independent signer: node:crypto, as pusher-http-node's WebHook does it
          const signature = createHmac("sha256", secret).update(body).digest("hex");
          expect(await pusherSignature(body, secret)).toBe(signature);
          const headers = { "x-pusher-key": "k", "x-pusher-signature": signature };
          const receiver = pusher({ apps: [{ key: "k", secret }] });
          await expect(receiver.verify(request(body, headers))).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, headers)))).toBe("SIGNATURE_INVALID");
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("pusher() — cases found by mutation testing", () => {
  const P = "[@hookwire/pusher]";
  const receiver = pusher({ apps: [{ key: VECTOR.key, secret: VECTOR.secret }] });
  const signed = async (payload: unknown, key = VECTOR.key, secret = VECTOR.secret) => {
    const body = JSON.stringify(payload);
    return request(body, { "x-pusher-key": key, "x-pusher-signature": await pusherSignature(body, secret) });
  };

  it("refuses blank key and signature headers, unknown keys and wrong signatures with exact messages", async () => {
    const sig = { "x-pusher-signature": VECTOR.signature };
    await expect(receiver.verify(request(vacated, { ...sig, "x-pusher-key": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Pusher-Key header is missing.`,
    });
    await expect(
      receiver.verify(request(vacated, { "x-pusher-key": VECTOR.key, "x-pusher-signature": " " })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Pusher-Signature header is missing.`,
    });
    await expect(
      receiver.verify(request(vacated, { ...sig, "x-pusher-key": "other" })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The X-Pusher-Key "other" is not one of the configured apps.`,
    });
    await expect(
      receiver.verify(
        request(vacated, { "x-pusher-key": VECTOR.key, "x-pusher-signature": "00".repeat(32) }),
      ),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
  });

  it("checks every app entry and the fallback at creation", () => {
    const appsMessage = `${P} Every entry of apps needs a non-empty key and secret. Copy both from the Pusher dashboard → App Keys.`;
    for (const app of [
      { key: "", secret: "s" },
      { key: 5, secret: "s" },
      { key: "k", secret: [] },
      { key: "k", secret: ["s", ""] },
      { key: "k" },
      null,
    ]) {
      expect(() => pusher({ apps: [app as never] }), JSON.stringify(app)).toThrow(appsMessage);
    }
    expect(() => pusher({})).toThrow(
      `${P} No app is configured. Pass { apps: [{ key: process.env.PUSHER_KEY, secret: process.env.PUSHER_SECRET }] }.`,
    );
    expect(() => pusher(undefined as never)).toThrow(/No app is configured/);
    expect(() => pusher({ secret: "" })).toThrow(/secret option is missing/);
    expect(() => pusher({ secret: "s" })).not.toThrow();
    expect(() => pusher({ apps: [{ key: "k", secret: ["a", "b"] }] })).not.toThrow();
  });

  it("merges the secrets of repeated keys and falls back to the secret option for other keys", async () => {
    const merged = pusher({
      apps: [
        { key: "k", secret: "one" },
        { key: "k", secret: "two" },
      ],
    });
    expect((await merged.verify(await signed({ events: [{ name: "a" }] }, "k", "one"))).type).toBe("a");
    expect((await merged.verify(await signed({ events: [{ name: "a" }] }, "k", "two"))).type).toBe("a");
    const fallback = pusher({ apps: [{ key: "k", secret: "one" }], secret: ["fb1", "fb2"] });
    expect((await fallback.verify(await signed({ events: [{ name: "a" }] }, "z", "fb2"))).meta.key).toBe("z");
    const lookup = pusher({
      secret: (r) => (r.headers.get("x-pusher-key") === "known" ? ["", "s1"] : ["", ""]),
    });
    expect((await lookup.verify(await signed({ events: [] }, "known", "s1"))).type).toBe("batch");
    await expect(lookup.verify(await signed({ events: [] }, "unknown", "s1"))).rejects.toMatchObject({
      message: `${P} The X-Pusher-Key "unknown" is not one of the configured apps.`,
    });
    const one = pusher({ secret: async () => "s2" });
    expect((await one.verify(await signed({ events: [{ name: "b" }] }, "any", "s2"))).type).toBe("b");
    const none = pusher({ secret: async () => undefined as never });
    await expect(none.verify(await signed({ events: [] }, "any", "s2"))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The X-Pusher-Key "any" is not one of the configured apps.`,
    });
  });

  it("refuses bodies without an events list or with a nameless event; names, key and time in meta", async () => {
    await expect(receiver.verify(await signed({ events: "x" }))).rejects.toMatchObject({
      code: "PAYLOAD_INVALID",
      message: `${P} The body has no events list.`,
    });
    for (const item of [null, {}, { name: "" }, { name: 3 }]) {
      await expect(receiver.verify(await signed({ events: [{ name: "a" }, item] }))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} An event in the body has no name.`,
      });
    }
    const same = await receiver.verify(
      await signed({ time_ms: "1", events: [{ name: "a" }, { name: "a" }] }),
    );
    expect([same.type, same.provider, same.meta]).toEqual([
      "a",
      "pusher",
      { key: VECTOR.key, names: ["a"], timeMs: undefined },
    ]);
    const spaced = await receiver.verify(
      request(vacated, { "x-pusher-key": ` ${VECTOR.key} `, "x-pusher-signature": VECTOR.signature }),
    );
    expect(spaced.meta.key).toBe(VECTOR.key);
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = pusher({ apps: [{ key: VECTOR.key, secret: VECTOR.secret }], maxBodyBytes: 8 });
    expect(
      await codeOf(
        small.verify(
          request(vacated, { "x-pusher-key": VECTOR.key, "x-pusher-signature": VECTOR.signature }),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
  });
});

runHmacProviderConformance({
  name: "pusher",
  create: pusher,
  testRequest: pusherTestRequest,
  payload: { time_ms: 1403175510755, events: [{ channel: "test_channel", name: "channel_vacated" }] },
  type: "channel_vacated",
  signatureHeader: "x-pusher-signature",
  // a secret function that finds nothing for the request's X-Pusher-Key means an unknown app
  unresolvedSecretCode: "SIGNATURE_INVALID",
});

describe("descriptor (@hookwire/pusher/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "pusher",
    example: {
      payload: { channel: "presence-x", user_id: "1" },
      event: "member_added",
      type: "member_added",
    },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toBeUndefined();
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as channel_vacated when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("channel_vacated");
  });
});

describe("pusher — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/channel-vacated.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/channel-vacated.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("pusher — cases found by the third mutation run", () => {
  const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body).digest("hex");
  const delivery = (body: string, key: string, secret: string) =>
    request(body, { "x-pusher-key": key, "x-pusher-signature": sign(body, secret) });

  it("pusherTestRequest wraps an object payload in a batch with time_ms from the timestamp in seconds", async () => {
    const sent = await pusherTestRequest({
      secret: "s",
      event: "member_added",
      timestamp: 1403175510,
      payload: { channel: "presence-x", user_id: "1" },
    });
    const body = await sent.clone().text();
    expect(JSON.parse(body)).toEqual({
      time_ms: 1403175510000,
      events: [{ name: "member_added", channel: "presence-x", user_id: "1" }],
    });
    expect(sent.headers.get("x-pusher-signature")).toBe(sign(body, "s"));
    expect((await pusher({ secret: "s" }).verify(sent)).type).toBe("member_added");
  });

  it("pusherTestRequest without a timestamp stamps the batch with the current time in milliseconds", async () => {
    const before = Date.now();
    const sent = await pusherTestRequest({
      secret: "s",
      event: "channel_occupied",
      payload: { channel: "c" },
    });
    const after = Date.now();
    const { time_ms } = JSON.parse(await sent.text()) as { time_ms: number };
    expect(time_ms).toBeGreaterThanOrEqual(before);
    expect(time_ms).toBeLessThanOrEqual(after);
  });

  it("pusherTestRequest sends as given: no event, a batch with events, null, text and bytes", async () => {
    const text = async (input: Parameters<typeof pusherTestRequest>[0]) =>
      (await pusherTestRequest(input)).text();
    expect(await text({ secret: "s", payload: { channel: "c" } })).toBe('{"channel":"c"}');
    expect(await text({ secret: "s", event: "x", payload: { events: [] } })).toBe('{"events":[]}');
    expect(await text({ secret: "s", event: "x", payload: null })).toBe("null");
    expect(await text({ secret: "s", event: "x", payload: '{"a":1}' })).toBe('{"a":1}');
    expect(await text({ secret: "s", event: "x", payload: new TextEncoder().encode("[1]") })).toBe("[1]");
  });

  it("refuses bad apps and no app with CONFIGURATION_INVALID", () => {
    const codeAt = (create: () => unknown) => {
      try {
        create();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return "OK";
    };
    expect(codeAt(() => pusher({ apps: [{ key: "", secret: "s" }] }))).toBe("CONFIGURATION_INVALID");
    expect(codeAt(() => pusher({ apps: [] }))).toBe("CONFIGURATION_INVALID");
  });

  it("apps entries with the same key combine their secrets, and no other secret verifies", async () => {
    const receiver = pusher({
      apps: [
        { key: "k", secret: "first" },
        { key: "k", secret: "second" },
      ],
    });
    const body = vacated.toString("utf8");
    expect((await receiver.verify(delivery(body, "k", "first"))).type).toBe("channel_vacated");
    expect((await receiver.verify(delivery(body, "k", "second"))).type).toBe("channel_vacated");
    expect(await codeOf(receiver.verify(delivery(body, "k", "third")))).toBe("SIGNATURE_INVALID");
  });

  it("tries exactly the secrets configured for the key, in entry order, and nothing else", async () => {
    const receiver = pusher({
      apps: [
        { key: "k", secret: "first" },
        { key: "other", secret: "x" },
        { key: "k", secret: ["second", "third"] },
      ],
    });
    const verify = vi.spyOn(pusherScheme, "verify");
    try {
      const body = vacated.toString("utf8");
      expect((await receiver.verify(delivery(body, "k", "third"))).type).toBe("channel_vacated");
      expect((await receiver.verify(delivery(body, "other", "x"))).type).toBe("channel_vacated");
      expect(verify.mock.calls.map(([, secrets]) => secrets)).toEqual([["first", "second", "third"], ["x"]]);
    } finally {
      verify.mockRestore();
    }
  });
});
