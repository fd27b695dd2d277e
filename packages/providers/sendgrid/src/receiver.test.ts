import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createWebhooks, type SecretInput, toBase64 } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { EventWebhook, EventWebhookHeader } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import type { SendGridEvent } from "./events.js";
import { sendgridEventsOf } from "./events.js";
import { sendgrid } from "./receiver.js";
import { sendgridPublicKeyOf } from "./scheme.js";
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
});
