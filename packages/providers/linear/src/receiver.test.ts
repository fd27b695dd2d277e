import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linear } from "./receiver.js";
import { descriptor, linearSignature, linearTestRequest } from "./testing.js";

const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/issue-create.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const SECRET = "lin_wh_0123456789abcdefghijklmnopqrstuvwxyzABCD";

/** The fixture as Linear would send it now (compact JSON, fresh webhookTimestamp). */
const fresh = (offsetMs = 0) => JSON.stringify({ ...fixture, webhookTimestamp: Date.now() + offsetMs });

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/linear", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "linear-delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72",
      "linear-event": "Issue",
      ...headers,
    },
  });
}

describe("linear()", () => {
  it("verifies a delivery signed as Linear's documentation shows (node:crypto HMAC, hex)", async () => {
    const body = fresh();
    const signature = createHmac("sha256", SECRET).update(body).digest("hex");
    const event = await linear({ secret: SECRET }).verify(request(body, { "linear-signature": signature }));
    expect(event.type).toBe("Issue.create");
    expect(event.id).toBe("234d1a4e-b617-4388-90fe-adc3633d6b72");
    expect(event.meta).toEqual({
      webhookId: "000042e3-d123-4980-b49f-8e140eef9329",
      organizationId: "78e2b4d3-2b6e-4f52-a7f7-7d1f0c6b4b1e",
    });
    expect((event.payload as { data: { identifier: string } }).data.identifier).toBe("ENG-2");
  });

  it("signs requests that @linear/sdk's LinearWebhookClient verifies and dispatches", async () => {
    const client = new LinearWebhookClient(SECRET);
    const signed = await linearTestRequest({ secret: SECRET, payload: fixture });
    const raw = Buffer.from(await signed.clone().arrayBuffer());
    expect(client.verify(raw, signed.headers.get("linear-signature")!)).toBe(true);
    expect(client.parseData(raw, signed.headers.get("linear-signature")!).type).toBe("Issue");
    const handler = client.createHandler();
    const seen: string[] = [];
    handler.on("Issue", (payload) => {
      seen.push(payload.data.identifier);
    });
    expect((await handler(signed.clone())).status).toBe(200);
    expect(seen).toEqual(["ENG-2"]);
    // and the SDK refuses what ours refuses: another secret, an expired timestamp
    const other = new LinearWebhookClient("another-secret");
    expect(() => other.verify(raw, signed.headers.get("linear-signature")!)).toThrow();
    const old = await linearTestRequest({
      secret: SECRET,
      payload: fixture,
      timestamp: Math.floor(Date.now() / 1000) - 120,
    });
    const oldRaw = Buffer.from(await old.clone().arrayBuffer());
    expect(() => client.verify(oldRaw, old.headers.get("linear-signature")!)).toThrow(/timestamp/);
    expect(await codeOf(linear({ secret: SECRET }).verify(old))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("agrees with @linear/sdk on arbitrary bodies and secrets, and a one-byte change fails both", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer())),
        fc.nat(),
        async (secret, extra, position) => {
          const body = JSON.stringify({
            ...extra,
            type: "Comment",
            action: "update",
            webhookTimestamp: Date.now(),
          });
          const ours = await linearSignature(body, secret);
          const client = new LinearWebhookClient(secret);
          expect(client.verify(Buffer.from(body), ours)).toBe(true);
          const event = await linear({ secret }).verify(request(body, { "linear-signature": ours }));
          expect(event.type).toBe("Comment.update");
          const bytes = Buffer.from(body);
          const i = position % bytes.length;
          bytes[i] = bytes[i]! ^ 0x01;
          expect(await codeOf(linear({ secret }).verify(request(bytes, { "linear-signature": ours })))).toBe(
            "SIGNATURE_INVALID",
          );
          expect(() => client.verify(bytes, ours)).toThrow();
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = linear({ secret: SECRET });
    const body = fresh();
    const signature = await linearSignature(body, SECRET);
    expect(
      await codeOf(
        receiver.verify(request(body.replace("ENG-2", "ENG-3"), { "linear-signature": signature })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(request(body, { "linear-signature": await linearSignature(body, "wrong") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(body, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(body, { "linear-signature": "zz" })))).toBe(
      "SIGNATURE_INVALID",
    );
    // upper-case hex of the right MAC is the same signature
    expect((await receiver.verify(request(body, { "linear-signature": signature.toUpperCase() }))).type).toBe(
      "Issue.create",
    );
  });

  it("checks webhookTimestamp after the signature: 60 s either way, a forged one is never 'expired'", async () => {
    const receiver = linear({ secret: SECRET });
    for (const offset of [-61_000 - 30_000, 61_000 + 30_000]) {
      const body = fresh(offset);
      expect(
        await codeOf(
          receiver.verify(request(body, { "linear-signature": await linearSignature(body, SECRET) })),
        ),
      ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
      expect(
        await codeOf(
          receiver.verify(request(body, { "linear-signature": await linearSignature(body, "x") })),
        ),
      ).toBe("SIGNATURE_INVALID");
    }
    const recent = fresh(-30_000);
    expect(
      (await receiver.verify(request(recent, { "linear-signature": await linearSignature(recent, SECRET) })))
        .type,
    ).toBe("Issue.create");
    const body = fresh(-600_000);
    const wide = linear({ secret: SECRET, toleranceSeconds: 3600 });
    expect(
      (await wide.verify(request(body, { "linear-signature": await linearSignature(body, SECRET) }))).type,
    ).toBe("Issue.create");
  });

  it("refuses signed bodies without a timestamp or a type, and malformed JSON", async () => {
    const receiver = linear({ secret: SECRET });
    for (const body of [
      JSON.stringify({ type: "Issue", action: "create" }),
      JSON.stringify({ type: "Issue", webhookTimestamp: String(Date.now()) }),
      JSON.stringify({ action: "create", webhookTimestamp: Date.now() }),
      "{not json",
      "[]",
    ]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "linear-signature": await linearSignature(body, SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes Issue.create to handlers of Issue and Issue.create with typed payloads", async () => {
    const hooks = createWebhooks({ receivers: { linear: linear({ secret: SECRET }) } });
    const seen: string[] = [];
    hooks.on("linear", "Issue", (event) => {
      seen.push(`any:${event.payload.data.identifier}`);
    });
    hooks.on("linear", "Issue.create", (event) => {
      seen.push(`create:${event.payload.data.title}`);
    });
    hooks.on("linear", "Comment", () => {
      seen.push("comment");
    });
    const response = await hooks.handle(await linearTestRequest({ secret: SECRET, payload: fixture }));
    expect(response.status).toBe(200);
    expect(seen.sort()).toEqual(["any:ENG-2", "create:Update Readme"]);
  });

  runDescriptorConformance(descriptor, {
    name: "linear",
    allowCodes: ["TIMESTAMP_OUT_OF_TOLERANCE"],
    secret: SECRET,
  });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { data: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "linear",
  create: linear,
  testRequest: linearTestRequest,
  payload: fixture,
  type: "Issue.create",
  signatureHeader: "linear-signature",
  toleranceSeconds: 60,
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as Issue.create when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("Issue.create");
  });
});

describe("linear — cases found by mutation testing", () => {
  const receiver = linear({ secret: SECRET });
  const signedRequest = async (payload: unknown, headers: Record<string, string> = {}) => {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    return request(body, { "linear-signature": await linearSignature(body, SECRET), ...headers });
  };
  const now = () => Date.now();

  it("names a body whose webhookTimestamp is not a finite number, or without a type", async () => {
    for (const body of [
      '{"type":"Issue","webhookTimestamp":1e999}',
      JSON.stringify({ type: "Issue", webhookTimestamp: null }),
    ]) {
      expect(await refusalOf(receiver.verify(await signedRequest(body)))).toEqual({
        code: "PAYLOAD_INVALID",
        message:
          "[@hookwire/linear] The body has no numeric webhookTimestamp: Linear signs every delivery with one.",
      });
    }
    for (const type of ["", 5]) {
      expect(
        await refusalOf(receiver.verify(await signedRequest({ type, webhookTimestamp: now() }))),
      ).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/linear] The body has no "type".',
      });
    }
  });

  it("names the event by type alone when action is empty or not a string", async () => {
    for (const action of ["", 3, null]) {
      const event = await receiver.verify(
        await signedRequest({ type: "Issue", action, webhookTimestamp: now() }),
      );
      expect(event.type).toBe("Issue");
    }
  });

  it("takes the id from Linear-Delivery only when present and not blank; meta only from strings", async () => {
    const payload = {
      type: "Issue",
      action: "create",
      webhookTimestamp: now(),
      webhookId: 1,
      organizationId: null,
    };
    const blank = await receiver.verify(await signedRequest(payload, { "linear-delivery": "" }));
    expect(blank.id).toBeUndefined();
    expect(blank.meta).toEqual({ webhookId: undefined, organizationId: undefined });
    const plain = new Request("https://example.com/webhooks/linear", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "linear-signature": await linearSignature(JSON.stringify(payload), SECRET),
      },
      body: JSON.stringify(payload),
    });
    expect((await receiver.verify(plain)).id).toBeUndefined();
  });

  it("toleranceSeconds: a custom window both ways, and Infinity turns the check off", async () => {
    const hour = linear({ secret: SECRET, toleranceSeconds: 3600 });
    for (const offset of [-3_700_000, 3_700_000]) {
      expect(
        await codeOf(hour.verify(await signedRequest({ type: "Issue", webhookTimestamp: now() + offset }))),
      ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    }
    expect(
      (await hour.verify(await signedRequest({ type: "Issue", webhookTimestamp: now() - 3_500_000 }))).type,
    ).toBe("Issue");
    const never = linear({ secret: SECRET, toleranceSeconds: Number.POSITIVE_INFINITY });
    expect((await never.verify(await signedRequest({ type: "Issue", webhookTimestamp: 1 }))).type).toBe(
      "Issue",
    );
  });

  it("is named linear, says what is missing, and enforces maxBodyBytes", async () => {
    expect(receiver.provider).toBe("linear");
    expect(() => linear(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(await refusalOf(receiver.verify(request(fresh(), {})))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/linear] The Linear-Signature header is missing. Linear signs every webhook: copy the signing secret from the webhook's settings.",
    });
    const big = linear({ secret: SECRET, maxBodyBytes: 16 });
    expect(await codeOf(big.verify(await signedRequest(fresh())))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("linearTestRequest: Linear's headers, webhookTimestamp in milliseconds replacing the payload's, the type from event", async () => {
    const made = await linearTestRequest({
      secret: SECRET,
      payload: { action: "create", webhookTimestamp: 5 },
      event: "Comment",
      id: "delivery-1",
      timestamp: 1_700_000_000.1234,
    });
    expect(made.url).toBe("https://example.com/webhooks/linear");
    expect(made.headers.get("user-agent")).toBe("Linear-Webhook");
    expect(made.headers.get("linear-delivery")).toBe("delivery-1");
    expect(made.headers.get("linear-event")).toBe("Comment");
    const sent = JSON.parse(await made.clone().text());
    expect(sent).toEqual({ type: "Comment", action: "create", webhookTimestamp: 1_700_000_000_123 });
    expect(made.headers.get("linear-signature")).toBe(
      createHmac("sha256", SECRET)
        .update(await made.text())
        .digest("hex"),
    );
    const own = await linearTestRequest({ secret: SECRET, payload: { type: "Issue" }, event: "Comment" });
    expect(own.headers.get("linear-event")).toBe("Issue");
    expect(JSON.parse(await own.clone().text()).type).toBe("Issue");
    expect(own.headers.get("linear-delivery")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const stamped = JSON.parse(await own.text()).webhookTimestamp;
    expect(Math.abs(stamped - Date.now())).toBeLessThan(600_000);
    const text = await linearTestRequest({ secret: SECRET, payload: "raw body" });
    expect(await text.clone().text()).toBe("raw body");
    expect(text.headers.get("linear-event")).toBeNull();
    const numericType = await linearTestRequest({ secret: SECRET, payload: { type: 5 }, event: "Comment" });
    expect(numericType.headers.get("linear-event")).toBe("Comment");
    const typedText = await linearTestRequest({ secret: SECRET, payload: "raw", event: "Project" });
    expect(typedText.headers.get("linear-event")).toBe("Project");
  });

  it("the descriptor: its event option, a timestamp in the body, and Linear's documented Issue example", () => {
    expect(descriptor.eventOption).toBe("the body's type when the payload has none (Issue, Comment…)");
    expect(descriptor.timestampInBody).toBe(true);
    const { webhookTimestamp: _stamp, ...documented } = fixture;
    expect(descriptor.example?.payload).toEqual(documented);
    expect(descriptor.example?.event).toBe("Issue");
  });
});

describe("linear: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => linear({ secret: SECRET, toleranceSeconds: -1 })).toThrow(
      /^\[@hookwire\/linear\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
