import { createWebhooks, WebhookError } from "@hookwire/core";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { standardWebhooks } from "./receiver.js";
import { generateSecret } from "./secret.js";
import { generateSigningKeyPair, signStandardWebhook } from "./sign.js";
import { standardWebhooksTestRequest } from "./testing.js";

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
