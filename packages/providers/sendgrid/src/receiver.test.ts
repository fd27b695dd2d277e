import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createWebhooks, type SecretInput, toBase64 } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { EventWebhook, EventWebhookHeader } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import type { SendGridEvent } from "./events.js";
import { sendgridEventsOf } from "./events.js";
import { sendgrid } from "./receiver.js";
import { sendgridPublicKey, sendgridPublicKeyOf, sendgridSchemeWith } from "./scheme.js";
import {
  descriptor,
  SENDGRID_TEST_PRIVATE_KEY,
  SENDGRID_TEST_PUBLIC_KEY,
  sendgridBody,
  sendgridTestRequest,
} from "./testing.js";

interface Vector {
  publicKey: string;
  signature: string;
  timestamp: string;
  events: SendGridEvent[];
}
const vector = (name: string): Vector =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8")) as Vector;
const SINGLE = vector("single-event.json");
const MULTIPLE = vector("multiple-events.json");
const URL_ = "https://example.com/webhooks/sendgrid";

function request(body: string, headers: Record<string, string | undefined>): Request {
  const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return new Request(URL_, {
    method: "POST",
    headers: { "content-type": "application/json", ...clean },
    body,
  });
}
const signedHeaders = (signature: string | undefined, timestamp: string | undefined) => ({
  "X-Twilio-Email-Event-Webhook-Signature": signature,
  "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
});

async function generatedKey(): Promise<{ privateKey: string; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  return {
    privateKey: toBase64(new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey))),
    publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey))),
  };
}
const other = await generatedKey();

describe("sendgrid() with @sendgrid/eventwebhook's published vectors", () => {
  it("verifies the single-event and the multi-event vector", async () => {
    for (const v of [SINGLE, MULTIPLE]) {
      const event = await sendgrid({ publicKey: v.publicKey }).verify(
        request(sendgridBody(v.events), signedHeaders(v.signature, v.timestamp)),
      );
      expect(event.type).toBe("events");
      expect(event.payload).toEqual(v.events);
      expect(event.idempotencyKeys).toEqual(v.events.map((e) => e.sg_event_id));
    }
  });

  it("refuses them as the SDK's tests do: another key, another body, another signature, a bad timestamp", async () => {
    const body = sendgridBody(SINGLE.events);
    const otherKey =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==";
    const badSignature =
      "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=";
    const receiver = sendgrid({ publicKey: SINGLE.publicKey });
    expect(
      await codeOf(
        sendgrid({ publicKey: otherKey }).verify(
          request(body, signedHeaders(SINGLE.signature, SINGLE.timestamp)),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(request("payload", signedHeaders(SINGLE.signature, SINGLE.timestamp)))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(body, signedHeaders(badSignature, SINGLE.timestamp))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request(body, signedHeaders(SINGLE.signature, "timestamp"))))).toBe(
      "HEADER_INVALID",
    );
    // the trailing \r\n is signed: the same JSON without it does not verify
    expect(
      await codeOf(
        receiver.verify(
          request(JSON.stringify(SINGLE.events), signedHeaders(SINGLE.signature, SINGLE.timestamp)),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
  });
});

describe("sendgrid() and the SDK, both directions", () => {
  it("the SDK's verifySignature accepts what sendgridTestRequest signs", async () => {
    const signed = await sendgridTestRequest({ secret: SENDGRID_TEST_PRIVATE_KEY, payload: MULTIPLE.events });
    const webhook = new EventWebhook();
    const ok = webhook.verifySignature(
      webhook.convertPublicKeyToECDSA(SENDGRID_TEST_PUBLIC_KEY),
      await signed.clone().text(),
      signed.headers.get(EventWebhookHeader.SIGNATURE())!,
      signed.headers.get(EventWebhookHeader.TIMESTAMP())!,
    );
    expect(ok).toBe(true);
    expect((await sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY }).verify(signed)).payload).toEqual(
      MULTIPLE.events,
    );
  });

  it("verifies a signature made by the SDK's own ECDSA library (starkbank-ecdsa)", async () => {
    // the library @sendgrid/eventwebhook verifies with, resolved through it
    const ecdsa = createRequire(createRequire(import.meta.url).resolve("@sendgrid/eventwebhook"))(
      "starkbank-ecdsa",
    );
    const sec1 = createPrivateKey({
      key: Buffer.from(SENDGRID_TEST_PRIVATE_KEY, "base64"),
      format: "der",
      type: "pkcs8",
    })
      .export({ format: "pem", type: "sec1" })
      .toString();
    const privateKey = ecdsa.PrivateKey.fromPem(sec1);
    const body = sendgridBody(SINGLE.events);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature: string = ecdsa.Ecdsa.sign(timestamp + body, privateKey).toBase64();
    const event = await sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY }).verify(
      request(body, signedHeaders(signature, timestamp)),
    );
    expect(event.payload).toEqual(SINGLE.events);
  });

  it("derives the test key pair's public key and accepts it as PEM", async () => {
    expect(await sendgridPublicKeyOf(SENDGRID_TEST_PRIVATE_KEY)).toBe(SENDGRID_TEST_PUBLIC_KEY);
    const pem = `-----BEGIN PUBLIC KEY-----\n${SENDGRID_TEST_PUBLIC_KEY.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
    const signed = await sendgridTestRequest({ secret: SENDGRID_TEST_PRIVATE_KEY, payload: SINGLE.events });
    expect((await sendgrid({ publicKey: pem }).verify(signed)).type).toBe("events");
  });
});

// The shared suite checks the wiring (tampering, rotation, per-request keys, 401s) with private keys
// as the signing secrets and their public keys given to the receiver.
const publicOf = new Map([
  [SENDGRID_TEST_PRIVATE_KEY, SENDGRID_TEST_PUBLIC_KEY],
  [other.privateKey, other.publicKey],
]);
const toPublic = (secret: SecretInput): SecretInput => {
  if (typeof secret === "string") return publicOf.get(secret) ?? secret;
  if (typeof secret === "function") {
    return async (req) => {
      const found = await secret(req);
      return found === undefined ? undefined : (toPublic(found) as string | string[]);
    };
  }
  return secret.map((s) => publicOf.get(s) ?? s);
};
runHmacProviderConformance({
  name: "sendgrid",
  create: ({ secret }) => sendgrid({ publicKey: toPublic(secret) }),
  testRequest: sendgridTestRequest,
  payload: MULTIPLE.events,
  type: "events",
  signatureHeader: "x-twilio-email-event-webhook-signature",
  secrets: [SENDGRID_TEST_PRIVATE_KEY, other.privateKey],
});

describe("sendgrid() refusals and batches", () => {
  const receiver = sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY });
  const sign = (payload: unknown, timestamp?: number) =>
    sendgridTestRequest({
      secret: SENDGRID_TEST_PRIVATE_KEY,
      payload,
      ...(timestamp === undefined ? {} : { timestamp }),
    });

  it("refuses missing headers, a malformed signature and malformed bodies with coded errors", async () => {
    const body = sendgridBody(SINGLE.events);
    const signed = await sign(SINGLE.events);
    const signature = signed.headers.get("x-twilio-email-event-webhook-signature")!;
    const timestamp = signed.headers.get("x-twilio-email-event-webhook-timestamp")!;
    expect(await codeOf(receiver.verify(request(body, signedHeaders(undefined, timestamp))))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(receiver.verify(request(body, signedHeaders(signature, undefined))))).toBe(
      "HEADER_INVALID",
    );
    expect(await codeOf(receiver.verify(request(body, signedHeaders("not base64!", timestamp))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(body, signedHeaders(toBase64(new Uint8Array([0x30, 1, 2])), timestamp))),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(await sign({ event: "delivered" })))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await sign("[{")))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await sign([{ email: "a@example.com" }])))).toBe("PAYLOAD_INVALID");
  });

  it("refuses an expired timestamp only with a tolerance, and after the signature", async () => {
    const old = Math.floor(Date.now() / 1000) - 7200;
    expect(await codeOf(receiver.verify(await sign(SINGLE.events, old)))).toBe("OK");
    const strict = sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY, toleranceSeconds: 600 });
    expect(await codeOf(strict.verify(await sign(SINGLE.events, old)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(
        sendgrid({ publicKey: other.publicKey, toleranceSeconds: 600 }).verify(
          await sign(SINGLE.events, old),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(strict.verify(await sign(SINGLE.events)))).toBe("OK");
  });

  it("refuses a key that is not a P-256 verification key when created", () => {
    const ed25519 = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    for (const publicKey of ["abc", ed25519, SENDGRID_TEST_PUBLIC_KEY.slice(4), [] as string[], ""]) {
      expect(() => sendgrid({ publicKey })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("runs handlers only for the items of a retried batch not processed yet (idempotency per sg_event_id)", async () => {
    const hooks = createWebhooks({ receivers: { sendgrid: receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("sendgrid", "events", (event) => {
      for (const item of event.payload) seen.push(item.sg_event_id);
      for (const bounce of sendgridEventsOf(event.payload, "bounce")) seen.push(`bounce:${bounce.type}`);
    });
    const [a, b] = MULTIPLE.events;
    const c = { ...SINGLE.events[0]!, sg_event_id: "third" };
    expect((await hooks.handle(await sign([a, b]))).status).toBe(200);
    expect((await hooks.handle(await sign([b, c]))).status).toBe(200);
    expect(seen).toEqual([a!.sg_event_id, b!.sg_event_id, "bounce:blocked", "third"]);
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "sendgrid" });

  it("the descriptor signs an event batch, and its receiver reads it", async () => {
    const receiver = descriptor.receiver(descriptor.exampleSecret!);
    const batch = await descriptor.sign({
      secret: descriptor.exampleSecret!,
      event: "ping",
      payload: SINGLE.events,
    });
    expect((await receiver.verify(batch)).type).toBe("events");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as events when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("events");
  });

  it("is the event of @sendgrid/eventwebhook's single-event vector, and names what the secret is", () => {
    expect(descriptor.example).toEqual({ payload: SINGLE.events });
    expect(descriptor.secretIs).toBe("a P-256 private key (base64 PKCS#8); the receiver uses its public key");
  });
});

describe("sendgrid() keys, ids and messages", () => {
  const KEY_MESSAGE =
    "[@hookwire/sendgrid] The publicKey must be the Event Webhook's verification key: a base64 (or PEM) P-256 public key, as SendGrid's Mail Settings show it.";
  const sign = (payload: unknown, timestamp?: number) =>
    sendgridTestRequest({
      secret: SENDGRID_TEST_PRIVATE_KEY,
      payload,
      ...(timestamp === undefined ? {} : { timestamp }),
    });

  it("refuses a 91-byte key whose algorithm prefix is not P-256's, and a bad key in a list, by name", () => {
    const der = Uint8Array.from(atob(SENDGRID_TEST_PUBLIC_KEY), (c) => c.charCodeAt(0));
    expect(der.length).toBe(91);
    for (const at of [0, 20, 25]) {
      const changed = der.slice();
      changed[at] = changed[at]! ^ 0x01;
      expect(() => sendgrid({ publicKey: toBase64(changed) }), String(at)).toThrow(KEY_MESSAGE);
    }
    expect(() => sendgrid({ publicKey: [SENDGRID_TEST_PUBLIC_KEY, "abc"] })).toThrow(KEY_MESSAGE);
    expect(() => sendgridPublicKey(123 as unknown as string)).toThrow(KEY_MESSAGE);
    expect(sendgridPublicKey(SENDGRID_TEST_PUBLIC_KEY)).toEqual(der);
  });

  it("reads PEM with any label and CRLF line ends", async () => {
    const lines = SENDGRID_TEST_PUBLIC_KEY.match(/.{1,64}/g)!.join("\r\n");
    const pem = `-----BEGIN EC PUBLIC KEY-----\r\n${lines}\r\n-----END EC PUBLIC KEY-----\r\n`;
    expect(await codeOf(sendgrid({ publicKey: pem }).verify(await sign(SINGLE.events)))).toBe("OK");
  });

  it("leaves an empty key to the common secret check, which names the publicKey option", () => {
    for (const publicKey of ["", [SENDGRID_TEST_PUBLIC_KEY, ""]]) {
      let error: { code?: string; message?: string } = {};
      try {
        sendgrid({ publicKey });
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.code).toBe("CONFIGURATION_INVALID");
      expect(error.message).toContain("publicKey");
      expect(error.message).not.toContain("verification key");
    }
  });

  it("names a private key that is not base64 or PEM, when signing and when deriving its public key", async () => {
    expect(
      await refusalOf(sendgridPublicKeyOf("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----")),
    ).toEqual({
      code: "CONFIGURATION_INVALID",
      message: "[@hookwire/sendgrid] The private key is not base64 or PEM.",
    });
    expect(await refusalOf(sendgridTestRequest({ secret: "  \n ", payload: SINGLE.events }))).toEqual({
      code: "CONFIGURATION_INVALID",
      message: "[@hookwire/sendgrid] Signing needs a P-256 private key in PKCS#8 (base64 or PEM).",
    });
  });

  it("applies toleranceSeconds with the injected clock (which also stamps receivedAt)", async () => {
    const NOW = 1_700_000_000;
    const strict = sendgrid({
      publicKey: SENDGRID_TEST_PUBLIC_KEY,
      toleranceSeconds: 600,
      now: () => NOW * 1000,
    });
    const event = await strict.verify(await sign(SINGLE.events, NOW - 599));
    expect(event.receivedAt).toEqual(new Date(NOW * 1000));
    expect(await codeOf(strict.verify(await sign(SINGLE.events, NOW - 601)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(strict.verify(await sign(SINGLE.events, NOW + 601)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const { headers } = await sendgridSchemeWith({ toleranceSeconds: 600, now: () => NOW * 1000 }).sign({
      body: new TextEncoder().encode(sendgridBody(SINGLE.events)),
      secret: SENDGRID_TEST_PRIVATE_KEY,
      timestamp: NOW - 599,
    });
    expect(
      await codeOf(strict.verify(request(sendgridBody(SINGLE.events), headers as Record<string, string>))),
    ).toBe("OK");
  });

  it("keys a batch by sg_event_id only when every item has a non-empty one", async () => {
    const receiver = sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY });
    const keys = async (items: unknown[]) => (await receiver.verify(await sign(items))).idempotencyKeys;
    expect(
      await keys([
        { event: "open", sg_event_id: "a" },
        { event: "click", sg_event_id: "b" },
      ]),
    ).toEqual(["a", "b"]);
    expect(
      await keys([
        { event: "open", sg_event_id: "a" },
        { event: "click", sg_event_id: "" },
      ]),
    ).toBeUndefined();
    expect(await keys([{ event: "open", sg_event_id: "a" }, { event: "click" }])).toBeUndefined();
    expect(
      await keys([
        { event: "open", sg_event_id: "a" },
        { event: "click", sg_event_id: 5 },
      ]),
    ).toBeUndefined();
    const empty = await receiver.verify(await sign([]));
    expect(empty.type).toBe("events");
    expect(empty.idempotencyKeys).toBeUndefined();
    expect(empty.id).toBeUndefined();
  });

  it("names its refusals: not an array, an item without event, the mismatch, the missing signature", async () => {
    const receiver = sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY });
    expect(await refusalOf(receiver.verify(await sign({ event: "open" })))).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/sendgrid] The body is not a JSON array of events.",
    });
    for (const item of [null, "open", { event: 1 }]) {
      expect(await refusalOf(receiver.verify(await sign([{ event: "open" }, item])))).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/sendgrid] An item of the batch has no "event".',
      });
    }
    expect(
      await refusalOf(sendgrid({ publicKey: other.publicKey }).verify(await sign(SINGLE.events))),
    ).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/sendgrid] The Event Webhook signature does not verify under the verification key.",
    });
    const missing = await refusalOf(receiver.verify(request(sendgridBody(SINGLE.events), {})));
    expect(missing.code).toBe("SIGNATURE_MISSING");
    expect(missing.message).toContain("Turn on Signed Event Webhook Requests in SendGrid's Mail Settings.");
  });

  it("applies maxBodyBytes; sendgridTestRequest sends SendGrid's user agent and its CRLF batch body", async () => {
    expect(
      await codeOf(
        sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY, maxBodyBytes: 16 }).verify(await sign(SINGLE.events)),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    const signed = await sign([{ event: "a" }, { event: "b" }]);
    expect(signed.headers.get("user-agent")).toBe("SendGrid Event API");
    expect(await signed.text()).toBe('[{"event":"a"},\r\n{"event":"b"}]\r\n');
    expect(() => sendgrid(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});

describe("sendgrid() after its first mutation run", () => {
  it("refuses a key with P-256's prefix but extra bytes", () => {
    const der = Uint8Array.from(atob(SENDGRID_TEST_PUBLIC_KEY), (c) => c.charCodeAt(0));
    const longer = new Uint8Array([...der, 0]);
    expect(() => sendgrid({ publicKey: toBase64(longer) })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("signs in standard padded base64, as SendGrid sends it", async () => {
    for (let i = 0; i < 8; i++) {
      const signed = await sendgridTestRequest({ secret: SENDGRID_TEST_PRIVATE_KEY, payload: SINGLE.events });
      const signature = signed.headers.get("x-twilio-email-event-webhook-signature")!;
      const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
      expect(bytes[0]).toBe(0x30);
      expect(toBase64(bytes)).toBe(signature);
    }
  });

  it("names its provider", () => {
    expect(sendgrid({ publicKey: SENDGRID_TEST_PUBLIC_KEY }).provider).toBe("sendgrid");
  });
});
