import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
// The shared suite, imported by path: @hookwire/test-utils depends on @hookwire/sender, which
// depends on this package, so a package dependency back would be a cycle.
import { runHmacProviderConformance } from "../../../test-utils/src/hmac-suite.js";
import { standardWebhooks } from "./receiver.js";
import { standardWebhooksScheme, standardWebhooksSchemeWith } from "./scheme.js";
import { generateSecret, secretKey } from "./secret.js";
import { generateSigningKeyPair, signStandardWebhook } from "./sign.js";
import { descriptor, standardWebhooksTestRequest } from "./testing.js";

const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const at = (seconds: number) => () => seconds * 1000;

function request(body: BodyInit, headers: Record<string, string>, prefix = "webhook"): Request {
  const h: Record<string, string> = { "content-type": "application/json" };
  for (const [k, v] of Object.entries(headers)) h[k.replace(/^webhook-/, `${prefix}-`)] = v;
  return new Request("https://example.com/webhooks/standard-webhooks", { method: "POST", body, headers: h });
}

const specHeaders = (overrides: Record<string, string> = {}) => ({
  "webhook-id": SPEC.id,
  "webhook-timestamp": String(SPEC.timestamp),
  "webhook-signature": SPEC.signature,
  ...overrides,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("standardWebhooks()", () => {
  const receiver = standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp) });

  it("verifies the specification's published example, with webhook-* and svix-* headers", async () => {
    expect(
      await signStandardWebhook({
        id: SPEC.id,
        timestamp: SPEC.timestamp,
        body: SPEC.payload,
        secrets: [SPEC.secret],
      }),
    ).toBe(SPEC.signature);
    const event = await receiver.verify(request(SPEC.payload, specHeaders()));
    expect(event.id).toBe(SPEC.id);
    expect(event.payload).toEqual({ test: 2432232314 });
    expect(await codeOf(receiver.verify(request(SPEC.payload, specHeaders(), "svix")))).toBe("OK");
    // a secret without the whsec_ prefix is the same base64 key, as in the reference libraries
    const unprefixed = standardWebhooks({ secret: SPEC.secret.slice(6), now: at(SPEC.timestamp) });
    expect(await codeOf(unprefixed.verify(request(SPEC.payload, specHeaders())))).toBe("OK");
  });

  it("verifies signatures made by the standardwebhooks package, and the package verifies ours", async () => {
    const secret = generateSecret();
    const peer = new Webhook(secret);
    const body = JSON.stringify({ type: "invoice.paid", data: { id: "in_1", note: "ünï\r\n" } });
    const now = Math.floor(Date.now() / 1000);
    const theirs = peer.sign("msg_1", new Date(now * 1000), body);
    const event = await standardWebhooks({ secret }).verify(
      request(body, { "webhook-id": "msg_1", "webhook-timestamp": String(now), "webhook-signature": theirs }),
    );
    expect(event.type).toBe("invoice.paid");
    const ours = await signStandardWebhook({ id: "msg_2", timestamp: now, body, secrets: [secret] });
    expect(
      peer.verify(body, {
        "webhook-id": "msg_2",
        "webhook-timestamp": String(now),
        "webhook-signature": ours,
      }),
    ).toEqual(JSON.parse(body));
  });

  it("accepts several signatures in the header and several secrets (rotation)", async () => {
    const other = generateSecret();
    const both = await signStandardWebhook({
      id: SPEC.id,
      timestamp: SPEC.timestamp,
      body: SPEC.payload,
      secrets: [other, SPEC.secret],
    });
    expect(both.split(" ")).toHaveLength(2);
    expect(
      await codeOf(receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": both })))),
    ).toBe("OK");
    const rotating = standardWebhooks({ secret: [other, SPEC.secret], now: at(SPEC.timestamp) });
    expect(await codeOf(rotating.verify(request(SPEC.payload, specHeaders())))).toBe("OK");
    const unknownVersion = `v2,abc ${SPEC.signature}`;
    expect(
      await codeOf(
        receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": unknownVersion }))),
      ),
    ).toBe("OK");
  });

  it("refuses tampered, wrong-secret, missing and malformed cases with coded errors", async () => {
    expect(await codeOf(receiver.verify(request('{"test": 2432232315}', specHeaders())))).toBe(
      "SIGNATURE_INVALID",
    );
    const wrong = standardWebhooks({ secret: generateSecret(), now: at(SPEC.timestamp) });
    expect(await codeOf(wrong.verify(request(SPEC.payload, specHeaders())))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(request(SPEC.payload, specHeaders({ "webhook-id": "msg_other" })))),
    ).toBe("SIGNATURE_INVALID");
    const { "webhook-signature": _, ...noSignature } = specHeaders();
    expect(await codeOf(receiver.verify(request(SPEC.payload, noSignature)))).toBe("SIGNATURE_MISSING");
    const { "webhook-id": __, ...noId } = specHeaders();
    expect(await codeOf(receiver.verify(request(SPEC.payload, noId)))).toBe("HEADER_INVALID");
    for (const bad of ["v1", "v1,", "v1,!!!", "garbage", "v1a,AAAA"]) {
      expect(
        await codeOf(receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": bad })))),
      ).toBe("SIGNATURE_INVALID");
    }
    expect(
      await codeOf(receiver.verify(request(SPEC.payload, specHeaders({ "webhook-timestamp": "soon" })))),
    ).toBe("HEADER_INVALID");
    const { "webhook-timestamp": ___, ...noTimestamp } = specHeaders();
    expect(await codeOf(receiver.verify(request(SPEC.payload, noTimestamp)))).toBe("HEADER_INVALID");
    expect(
      await codeOf(
        receiver.verify(request(SPEC.payload, { ...specHeaders(), "content-type": "text/plain" })),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    const broken = "{not json";
    const brokenSignature = await signStandardWebhook({
      id: SPEC.id,
      timestamp: SPEC.timestamp,
      body: broken,
      secrets: [SPEC.secret],
    });
    expect(
      await codeOf(receiver.verify(request(broken, specHeaders({ "webhook-signature": brokenSignature })))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("refuses expired and future timestamps in both directions", async () => {
    expect(
      await codeOf(
        standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp + 301) }).verify(
          request(SPEC.payload, specHeaders()),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(
        standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp - 301) }).verify(
          request(SPEC.payload, specHeaders()),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(
        standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp + 299) }).verify(
          request(SPEC.payload, specHeaders()),
        ),
      ),
    ).toBe("OK");
  });

  it("verifies v1a Ed25519 signatures with a public key and refuses tampering", async () => {
    const { secretKey, publicKey } = await generateSigningKeyPair();
    expect(secretKey).toMatch(/^whsk_/);
    const r = standardWebhooks({ publicKey });
    const signed = await standardWebhooksTestRequest({
      secret: secretKey,
      signingKey: true,
      payload: { data: 1 },
    });
    expect(signed.headers.get("webhook-signature")).toMatch(/^v1a,/);
    expect((await r.verify(signed)).type).toBe("test.event");
    const forged = await standardWebhooksTestRequest({
      secret: (await generateSigningKeyPair()).secretKey,
      signingKey: true,
      payload: { data: 1 },
    });
    expect(await codeOf(r.verify(forged))).toBe("SIGNATURE_INVALID");
  });

  it("checks a v1a signature over id, timestamp and body, next to v1 entries it has no secret for", async () => {
    const { secretKey, publicKey } = await generateSigningKeyPair();
    const body = '{"type":"contact.created","data":{"id":"c_1"}}';
    const timestamp = 1_674_087_231;
    const signature = await signStandardWebhook({
      id: "msg_a",
      timestamp,
      body,
      secrets: [generateSecret()],
      signingKeys: [secretKey],
    });
    expect(signature).toMatch(/^v1,\S+ v1a,\S+$/);
    const r = standardWebhooks({
      publicKey: [(await generateSigningKeyPair()).publicKey, publicKey],
      now: at(timestamp),
    });
    const headers = {
      "webhook-id": "msg_a",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature,
    };
    const event = await r.verify(request(body, headers));
    expect(event.type).toBe("contact.created");
    expect(event.id).toBe("msg_a");
    expect(await codeOf(r.verify(request(body.replace("c_1", "c_2"), headers)))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(r.verify(request(body, { ...headers, "webhook-id": "msg_b" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(r.verify(request(body, { ...headers, "webhook-timestamp": String(timestamp + 1) }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("needs a secret or a public key, and a well-formed one", async () => {
    expect(() => standardWebhooks({})).toThrow(/Neither a secret nor a public key/);
    expect(() => standardWebhooks({ publicKey: "whpk_short" })).toThrow(/32 bytes/);
    expect(() => generateSecret(8)).toThrow(/24 to 64/);
    expect(() => standardWebhooks({ secret: "whsec_!!!" })).toThrow(/not "whsec_" followed by base64/);
    expect(() => standardWebhooks({ secret: [] })).toThrow(/secret list is empty/);
    expect(
      await codeOf(
        standardWebhooks({ secret: () => "whsec_!!!", now: at(SPEC.timestamp) }).verify(
          request(SPEC.payload, specHeaders()),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(await codeOf(signStandardWebhook({ id: "msg_1", timestamp: 1, body: "{}", secrets: [] }))).toBe(
      "CONFIGURATION_INVALID",
    );
  });

  it("round-trips arbitrary bodies and secrets; a one-byte change to body, signature or timestamp fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        fc.nat(),
        async (key, bytes, position) => {
          const secret = `whsec_${Buffer.from(key).toString("base64")}`;
          const body = JSON.stringify({ type: "x.y", blob: Buffer.from(bytes).toString("base64") });
          const now = 1_700_000_000;
          const r = standardWebhooks({ secret, now: at(now) });
          // the independent signer: the standardwebhooks reference library
          const signature = new Webhook(secret).sign("msg_p", new Date(now * 1000), body);
          expect(await signStandardWebhook({ id: "msg_p", timestamp: now, body, secrets: [secret] })).toBe(
            signature,
          );
          const headers = {
            "webhook-id": "msg_p",
            "webhook-timestamp": String(now),
            "webhook-signature": signature,
          };
          expect(await codeOf(r.verify(request(body, headers)))).toBe("OK");
          const b = Buffer.from(body);
          b[position % b.length] = b[position % b.length]! ^ 0x04;
          expect(await codeOf(r.verify(request(b, headers)))).toBe("SIGNATURE_INVALID");
          const raw = Buffer.from(signature.slice(3), "base64");
          raw[position % raw.length] = raw[position % raw.length]! ^ 0x01;
          expect(
            await codeOf(
              r.verify(request(body, { ...headers, "webhook-signature": `v1,${raw.toString("base64")}` })),
            ),
          ).toBe("SIGNATURE_INVALID");
          expect(
            await codeOf(r.verify(request(body, { ...headers, "webhook-timestamp": String(now + 1) }))),
          ).toBe("SIGNATURE_INVALID");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("works in the router with the test helper", async () => {
    const secret = generateSecret();
    type Events = { "user.created": { type: "user.created"; data: { id: string } } };
    const hooks = createWebhooks({
      receivers: { clerk: standardWebhooks<Events>({ secret, provider: "clerk" }) },
    });
    const ids: string[] = [];
    hooks.on("clerk", "user.created", (event) => {
      ids.push(event.payload.data.id);
    });
    const response = await hooks.handle(
      await standardWebhooksTestRequest({
        secret,
        event: "user.created",
        payload: { data: { id: "user_1" } },
        svixHeaders: true,
        url: "https://x.test/webhooks/clerk",
      }),
    );
    expect(response.status).toBe(200);
    expect(ids).toEqual(["user_1"]);
  });
});

describe("standardWebhooks() — cases found by mutation testing", () => {
  const receiver = standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp) });

  async function errorOf(promise: Promise<unknown>): Promise<WebhookError> {
    try {
      await promise;
    } catch (error) {
      if (WebhookError.isInstance(error)) return error;
      throw error;
    }
    throw new Error("expected a WebhookError");
  }
  const P = "[@hookwire/standard-webhooks]";
  const NONE = `${P} The webhook-signature header has no v1 or v1a signature.`;
  const NO_MATCH = `${P} No signature matches the message under the configured keys.`;
  const MALFORMED = `${P} The webhook-signature header is malformed.`;

  it("treats blank signature and id headers as missing", async () => {
    const blankSignature = await errorOf(
      receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": "  " }))),
    );
    expect([blankSignature.code, blankSignature.message]).toEqual([
      "SIGNATURE_MISSING",
      `${P} The webhook-signature header is missing.`,
    ]);
    const blankId = await errorOf(receiver.verify(request(SPEC.payload, specHeaders({ "webhook-id": " " }))));
    expect([blankId.code, blankId.message]).toEqual([
      "HEADER_INVALID",
      `${P} The webhook-id header is missing.`,
    ]);
    const badTimestamp = await errorOf(
      receiver.verify(request(SPEC.payload, specHeaders({ "webhook-timestamp": "soon" }))),
    );
    expect(badTimestamp.message).toContain("webhook-timestamp");
  });

  it("keeps only well-formed v1 (base64) and v1a entries; anything else is no signature at all", async () => {
    const bad = [
      "v1",
      "v1a",
      "v1,",
      "v1,!!!",
      "v1,!abcd",
      "v1,abcd!",
      "v1a,!!!",
      "v2,AAAA",
      ",AAAA",
      "garbage",
    ];
    // a secret-only receiver verifies v1 only: a header without a well-formed v1 entry is malformed
    // (v1a entries included), not a signature that failed to match
    for (const value of [...bad, "v1a,AAAA"]) {
      const error = await errorOf(
        receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": value }))),
      );
      expect([value, error.code, error.message]).toEqual([value, "SIGNATURE_INVALID", MALFORMED]);
    }
    // well-formed v1 entries that do not match: base64 without padding, with padding
    for (const wrong of ["v1,abcd", "v1,abcd=="]) {
      const error = await errorOf(
        receiver.verify(request(SPEC.payload, specHeaders({ "webhook-signature": wrong }))),
      );
      expect([wrong, error.code, error.message]).toEqual([wrong, "SIGNATURE_INVALID", NO_MATCH]);
    }
    // a public-key receiver reads v1a too: nothing usable, or a decodable v1a that does not match
    const { publicKey } = await generateSigningKeyPair();
    const keyed = standardWebhooks({ publicKey, now: at(SPEC.timestamp) });
    for (const value of bad) {
      const error = await errorOf(
        keyed.verify(request(SPEC.payload, specHeaders({ "webhook-signature": value }))),
      );
      expect([value, error.code, error.message]).toEqual([value, "SIGNATURE_INVALID", NONE]);
    }
    for (const wrong of ["v1a,AAAA", "v1,abcd"]) {
      const error = await errorOf(
        keyed.verify(request(SPEC.payload, specHeaders({ "webhook-signature": wrong }))),
      );
      expect([wrong, error.code, error.message]).toEqual([wrong, "SIGNATURE_INVALID", NO_MATCH]);
    }
    expect((await errorOf(keyed.verify(request(SPEC.payload, specHeaders())))).message).toBe(NO_MATCH);
  });

  it("names the event from a string type only, and keeps the timestamp and provider", async () => {
    for (const [body, type] of [
      ["null", "message"],
      ["[1]", "message"],
      ['"text"', "message"],
      ['{"type":5}', "message"],
      ['{"type":"user.created"}', "user.created"],
    ] as const) {
      const signature = await signStandardWebhook({
        id: SPEC.id,
        timestamp: SPEC.timestamp,
        body,
        secrets: [SPEC.secret],
      });
      const event = await receiver.verify(request(body, specHeaders({ "webhook-signature": signature })));
      expect([body, event.type]).toEqual([body, type]);
      expect(event.meta).toEqual({ timestamp: SPEC.timestamp });
      expect(event.provider).toBe("standard-webhooks");
    }
    const clerk = standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp), provider: "clerk" });
    expect((await clerk.verify(request(SPEC.payload, specHeaders()))).provider).toBe("clerk");
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp), maxBodyBytes: 4 });
    expect(await codeOf(small.verify(request(SPEC.payload, specHeaders())))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses bad configuration with CONFIGURATION_INVALID, at creation", () => {
    const codeOfSync = (make: () => unknown): string => {
      try {
        make();
      } catch (error) {
        if (WebhookError.isInstance(error)) return error.code;
        throw error;
      }
      return "OK";
    };
    expect(codeOfSync(() => standardWebhooks({}))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks(undefined as never))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ secret: [] }))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ secret: "whsec_" }))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ secret: ["whsec_!!!"] }))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ publicKey: "whpk_short" }))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ publicKey: ["whpk_short"] }))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => standardWebhooks({ secret: SPEC.secret, publicKey: [] }))).toBe("OK");
    expect(codeOfSync(() => generateSecret(23))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => generateSecret(65))).toBe("CONFIGURATION_INVALID");
    expect(codeOfSync(() => generateSecret(24.5))).toBe("CONFIGURATION_INVALID");
    expect(generateSecret(24)).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateSecret(64)).toMatch(/^whsec_[A-Za-z0-9+/]{86}==$/);
  });

  it("accepts a secret, public key and signing key without their whsec_/whpk_/whsk_ prefixes", async () => {
    const bareSecret = SPEC.secret.slice("whsec_".length);
    const bare = standardWebhooks({ secret: bareSecret, now: at(SPEC.timestamp) });
    expect((await bare.verify(request(SPEC.payload, specHeaders()))).id).toBe(SPEC.id);
    const { secretKey, publicKey } = await generateSigningKeyPair();
    const signature = await signStandardWebhook({
      id: SPEC.id,
      timestamp: SPEC.timestamp,
      body: SPEC.payload,
      signingKeys: [secretKey.slice("whsk_".length)],
    });
    const keyed = standardWebhooks({ publicKey: publicKey.slice("whpk_".length), now: at(SPEC.timestamp) });
    expect(
      (await keyed.verify(request(SPEC.payload, specHeaders({ "webhook-signature": signature })))).id,
    ).toBe(SPEC.id);
  });

  it("takes a 64-byte signing key (seed + public key) by its seed, and refuses other lengths", async () => {
    const { secretKey, publicKey } = await generateSigningKeyPair();
    const seed = Buffer.from(secretKey.slice(5), "base64");
    const long = `whsk_${Buffer.concat([seed, Buffer.from(publicKey.slice(5), "base64")]).toString("base64")}`;
    const sign = (key: string) =>
      signStandardWebhook({ id: "msg_1", timestamp: 1, body: "{}", signingKeys: [key] });
    expect(await sign(long)).toBe(await sign(secretKey));
    for (const bad of [`whsk_${Buffer.alloc(16).toString("base64")}`, "whsk_!!!"]) {
      const error = await errorOf(sign(bad));
      expect([error.code, error.message]).toEqual([
        "CONFIGURATION_INVALID",
        `${P} A signing key is "whsk_" + base64 of a 32-byte Ed25519 seed.`,
      ]);
    }
    const nothing = await errorOf(signStandardWebhook({ id: "msg_1", timestamp: 1, body: "{}" }));
    expect(nothing.message).toBe(
      `${P} Nothing to sign with. Pass secrets: ["whsec_…"] and/or signingKeys: ["whsk_…"].`,
    );
  });

  it("the test helper adds type and timestamp to object payloads only, and a fresh msg_ id", async () => {
    const secret = generateSecret();
    const object = await standardWebhooksTestRequest({ secret, payload: { a: 1 }, event: "a.b" });
    const parsed = JSON.parse(await object.text());
    expect(parsed).toMatchObject({ type: "a.b", a: 1 });
    expect(typeof parsed.timestamp).toBe("string");
    expect(object.headers.get("webhook-id")).toMatch(/^msg_[0-9a-f]{32}$/);
    const bytes = await standardWebhooksTestRequest({ secret, payload: new TextEncoder().encode('{"x":1}') });
    expect(await bytes.text()).toBe('{"x":1}');
    const text = await standardWebhooksTestRequest({ secret, payload: '{"y":2}', id: "msg_given" });
    expect(await text.text()).toBe('{"y":2}');
    expect(text.headers.get("webhook-id")).toBe("msg_given");
  });
});

describe("standardWebhooks() secret as a function (the asynchronous path)", () => {
  it("verifies with a secret looked up per request, and refuses a wrong one", async () => {
    const byLookup = standardWebhooks({ secret: async () => SPEC.secret, now: at(SPEC.timestamp) });
    const event = await byLookup.verify(request(SPEC.payload, specHeaders()));
    expect(event.id).toBe(specHeaders()["webhook-id"]);
    const other = generateSecret();
    const wrong = standardWebhooks({ secret: () => other, now: at(SPEC.timestamp) });
    expect(await codeOf(wrong.verify(request(SPEC.payload, specHeaders())))).toBe("SIGNATURE_INVALID");
    // a static list with a wrong first secret still finds the right one (synchronous path)
    const rotated = standardWebhooks({ secret: [other, SPEC.secret], now: at(SPEC.timestamp) });
    expect((await rotated.verify(request(SPEC.payload, specHeaders()))).id).toBe(event.id);
  });
});

/** The request as the router gives it to a scheme: headers and body bytes. */
function raw(body: string, headers: Record<string, string>) {
  return {
    method: "POST",
    url: "https://example.com/webhooks/standard-webhooks",
    headers: new Headers({ "content-type": "application/json", ...headers }),
    body: new TextEncoder().encode(body),
  };
}

/** The error code of a call that may throw synchronously, or "OK". */
async function codeOfCall(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("standardWebhooksScheme", () => {
  it("signs the specification's example, with every secret of a rotation, each verified by the reference library", async () => {
    const body = new TextEncoder().encode(SPEC.payload);
    const one = await standardWebhooksScheme.sign({
      body,
      secret: SPEC.secret,
      id: SPEC.id,
      timestamp: SPEC.timestamp,
    });
    expect(one.headers).toEqual({
      "webhook-signature": SPEC.signature,
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
    });
    const now = Math.floor(Date.now() / 1000);
    const [a, b] = [generateSecret(), generateSecret()];
    const { headers } = await standardWebhooksScheme.sign({
      body,
      secret: [a, b],
      id: "msg_r",
      timestamp: now,
    });
    const entries = headers["webhook-signature"]!.split(" ");
    expect(entries).toHaveLength(2);
    for (const [i, secret] of [a, b].entries()) {
      // the reference library checks each entry on its own
      expect(
        new Webhook(secret).verify(SPEC.payload, { ...headers, "webhook-signature": entries[i]! }),
      ).toEqual(JSON.parse(SPEC.payload));
      expect(
        await standardWebhooksScheme.verify(raw(SPEC.payload, headers), [generateSecret(), secret]),
      ).toBe(1);
    }
  });

  it("verifies svix-* headers when the webhook-* ones are absent, and refuses an unknown secret with -1", async () => {
    const scheme = standardWebhooksSchemeWith({ now: at(SPEC.timestamp) });
    const svix = {
      "svix-id": SPEC.id,
      "svix-timestamp": String(SPEC.timestamp),
      "svix-signature": SPEC.signature,
    };
    expect(await scheme.verify(raw(SPEC.payload, svix), [SPEC.secret])).toBe(0);
    expect(await scheme.verify(raw(SPEC.payload, svix), [generateSecret()])).toBe(-1);
    expect(
      await codeOfCall(() => scheme.verify(raw(SPEC.payload, { "svix-id": SPEC.id }), [SPEC.secret])),
    ).toBe("SIGNATURE_MISSING");
  });

  it("checks the timestamp after the signature, with the tolerance it was made with", async () => {
    const headers = {
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
      "webhook-signature": SPEC.signature,
    };
    const late = at(SPEC.timestamp + 301);
    expect(
      await codeOfCall(() =>
        standardWebhooksSchemeWith({ now: late }).verify(raw(SPEC.payload, headers), [SPEC.secret]),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await standardWebhooksSchemeWith({ now: late, toleranceSeconds: 302 }).verify(
        raw(SPEC.payload, headers),
        [SPEC.secret],
      ),
    ).toBe(0);
    // a wrong signature with a stale timestamp is a mismatch, not "expired"
    expect(
      await standardWebhooksSchemeWith({ now: late }).verify(raw(SPEC.payload, headers), [generateSecret()]),
    ).toBe(-1);
  });

  it("refuses a secret that is not whsec_ + base64 when signing", async () => {
    expect(
      await codeOf(
        standardWebhooksScheme.sign({ body: new Uint8Array(), secret: "whsec_!!!", id: "m", timestamp: 1 }),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(secretKey(SPEC.secret)).toHaveLength(24);
  });
});

describe("standardWebhooks() with both secrets and public keys", () => {
  it("accepts a v1 signature under a secret or a v1a one under a key, and checks the timestamp for both", async () => {
    const { secretKey: signingKey, publicKey } = await generateSigningKeyPair();
    const secret = generateSecret();
    const timestamp = 1_700_000_000;
    const r = standardWebhooks({ secret, publicKey, now: at(timestamp) });
    const body = '{"type":"a.b"}';
    const headers = (signature: string, ts = timestamp) => ({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": signature,
    });
    const sign = (input: { secrets?: string[]; signingKeys?: string[] }, ts = timestamp) =>
      signStandardWebhook({ id: "msg_1", timestamp: ts, body, ...input });
    expect((await r.verify(request(body, headers(await sign({ secrets: [secret] }))))).type).toBe("a.b");
    expect((await r.verify(request(body, headers(await sign({ signingKeys: [signingKey] }))))).type).toBe(
      "a.b",
    );
    // a v1 entry under another secret does not stop the v1a entry from being checked
    const mixed = await sign({ secrets: [generateSecret()], signingKeys: [signingKey] });
    expect((await r.verify(request(body, headers(mixed)))).type).toBe("a.b");
    expect(await codeOf(r.verify(request(body, headers(await sign({ secrets: [generateSecret()] })))))).toBe(
      "SIGNATURE_INVALID",
    );
    for (const input of [{ secrets: [secret] }, { signingKeys: [signingKey] }]) {
      const stale = timestamp - 600;
      expect(await codeOf(r.verify(request(body, headers(await sign(input, stale), stale))))).toBe(
        "TIMESTAMP_OUT_OF_TOLERANCE",
      );
    }
  });
});

describe("@hookwire/standard-webhooks/testing", () => {
  it("describes the package for tools: its example secret signs requests its receiver accepts", async () => {
    expect(descriptor.name).toBe("standard-webhooks");
    const request = await descriptor.sign({
      secret: descriptor.exampleSecret!,
      event: "user.created",
      payload: { data: { id: "u_1" } },
    });
    const event = await descriptor.receiver(descriptor.exampleSecret!).verify(request);
    expect(event.type).toBe("user.created");
    expect(
      await codeOf(
        descriptor.receiver(generateSecret()).verify(
          await descriptor.sign({
            secret: descriptor.exampleSecret!,
            payload: {},
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
  });
});

runHmacProviderConformance({
  name: "standard-webhooks",
  create: standardWebhooks,
  testRequest: standardWebhooksTestRequest,
  payload: { data: { id: "user_1" } },
  event: "user.created",
  type: "user.created",
  signatureHeader: "webhook-signature",
  secrets: [generateSecret(), generateSecret()],
  toleranceSeconds: 300,
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as contact.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("contact.created");
  });
});

describe("standard-webhooks — the descriptor's example (third mutation run)", () => {
  it("is the example payload and secret of the Standard Webhooks specification", () => {
    // specification, "Payload structure": the contact.created example
    expect(descriptor.example?.payload).toEqual(
      JSON.parse(
        '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485","type":"contact"}}',
      ),
    );
    expect(descriptor.exampleSecret).toBe(SPEC.secret);
  });
});

describe("standard-webhooks — cases found by the third mutation run", () => {
  const at120 = at(SPEC.timestamp + 120);
  const receiver = () => standardWebhooks({ secret: SPEC.secret, now: at(SPEC.timestamp) });
  const errorOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => ["OK", ""],
      (error: WebhookError) => [error.code, error.message],
    );
  const P = "[@hookwire/standard-webhooks]";

  it("with both header sets, the webhook-* ones are verified (a wrong svix-signature does not matter)", async () => {
    const headers = {
      ...specHeaders(),
      "svix-id": SPEC.id,
      "svix-timestamp": String(SPEC.timestamp),
      "svix-signature": "v1,AAAA",
    };
    expect((await receiver().verify(request(SPEC.payload, headers))).id).toBe(SPEC.id);
    const [code, message] = await errorOf(receiver().verify(request(SPEC.payload, {})));
    expect([code, message]).toEqual([
      "SIGNATURE_MISSING",
      expect.stringMatching(/The webhook-signature header is missing/),
    ]);
  });

  it("only v1 entries are HMAC signatures: the right value under another version is refused", async () => {
    const right = SPEC.signature.slice(3);
    const headers = specHeaders({
      "webhook-signature": `v2,${right} v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`,
    });
    expect(await codeOf(receiver().verify(request(SPEC.payload, headers)))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver().verify(
          request(SPEC.payload, specHeaders({ "webhook-signature": `v1a,${right} ${SPEC.signature}` })),
        ),
      ),
    ).toBe("OK");
  });

  it("a list with no usable v1 entry is malformed, not a mismatch", async () => {
    for (const value of ["v1,!!! v1,@@@", "v2,AAAA v1a,AAAA"]) {
      expect(
        await errorOf(receiver().verify(request(SPEC.payload, specHeaders({ "webhook-signature": value })))),
      ).toEqual(["SIGNATURE_INVALID", `${P} The webhook-signature header is malformed.`]);
    }
  });

  it("toleranceSeconds narrows the window", async () => {
    const late = request(SPEC.payload, specHeaders());
    expect(
      await codeOf(standardWebhooks({ secret: SPEC.secret, now: at120, toleranceSeconds: 60 }).verify(late)),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(
        standardWebhooks({ secret: SPEC.secret, now: at120 }).verify(request(SPEC.payload, specHeaders())),
      ),
    ).toBe("OK");
  });

  it("a secret given as an async function is checked", async () => {
    const lookup = standardWebhooks({ secret: async () => SPEC.secret, now: at(SPEC.timestamp) });
    expect((await lookup.verify(request(SPEC.payload, specHeaders()))).id).toBe(SPEC.id);
    const other = standardWebhooks({ secret: async () => generateSecret(), now: at(SPEC.timestamp) });
    expect(await codeOf(other.verify(request(SPEC.payload, specHeaders())))).toBe("SIGNATURE_INVALID");
  });

  it("with public keys: a missing or blank signature or id header, and a missing timestamp, are refused by name", async () => {
    const { publicKey } = await generateSigningKeyPair();
    const r = standardWebhooks({ publicKey, now: at(SPEC.timestamp) });
    const without = (name: string, value?: string) => {
      const headers: Record<string, string> = specHeaders();
      if (value === undefined) delete headers[name];
      else headers[name] = value;
      return request(SPEC.payload, headers);
    };
    for (const value of [undefined, " "]) {
      expect(await errorOf(r.verify(without("webhook-signature", value)))).toEqual([
        "SIGNATURE_MISSING",
        `${P} The webhook-signature header is missing.`,
      ]);
      expect(await errorOf(r.verify(without("webhook-id", value)))).toEqual([
        "HEADER_INVALID",
        `${P} The webhook-id header is missing.`,
      ]);
    }
    expect((await errorOf(r.verify(without("webhook-timestamp"))))[1]).toMatch(/webhook-timestamp/);
  });

  it("the test helper sends a null payload as given; the descriptor names this package", async () => {
    expect(await (await standardWebhooksTestRequest({ secret: SPEC.secret, payload: null })).text()).toBe(
      "null",
    );
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      name: string;
    };
    expect(descriptor.packageName).toBe(pkg.name);
  });
});
