import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typeform } from "./receiver.js";
import { descriptor, typeformSignature, typeformTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/form-response.json", import.meta.url));
const SECRET = "typeform-webhook-secret-0123456789";

/** Typeform's documented computation: `sha256=` + base64 HMAC-SHA256 of the raw body. */
const documented = (body: Uint8Array, secret: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/typeform", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("typeform()", () => {
  it("verifies Typeform's example payload signed as Typeform's documentation computes it", async () => {
    const event = await typeform({ secret: SECRET }).verify(
      request(fixture, { "typeform-signature": documented(fixture, SECRET) }),
    );
    expect(event.type).toBe("form_response");
    expect(event.id).toBe("LtWXD3crgy");
    expect(event.meta).toEqual({ formId: "lT4Z3j" });
    expect((event.payload as { form_response: { answers: unknown[] } }).form_response.answers).toHaveLength(
      2,
    );
  });

  it("signs what the documented computation gives, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          expect(await typeformSignature(body, secret)).toBe(documented(body, secret));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing, unprefixed and hex signatures with coded errors", async () => {
    const receiver = typeform({ secret: SECRET });
    const signature = await typeformSignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace("laura@example.com", "eve@example.com"));
    expect(await codeOf(receiver.verify(request(tampered, { "typeform-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "typeform-signature": await typeformSignature(fixture, "x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(fixture, { "typeform-signature": signature.slice(7) }))),
    ).toBe("SIGNATURE_INVALID");
    const hex = `sha256=${createHmac("sha256", SECRET).update(fixture).digest("hex")}`;
    expect(await codeOf(receiver.verify(request(fixture, { "typeform-signature": hex })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without an event_type, and malformed JSON", async () => {
    const receiver = typeform({ secret: SECRET });
    for (const body of [JSON.stringify({ event_id: "x", form_response: {} }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "typeform-signature": documented(Buffer.from(body), SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("runs handlers once per event_id and types the answers", async () => {
    const hooks = createWebhooks({
      receivers: { typeform: typeform({ secret: SECRET }) },
      idempotency: true,
    });
    const emails: string[] = [];
    hooks.on("typeform", "form_response", (event) => {
      for (const answer of event.payload.form_response.answers) {
        if (answer.type === "email" && answer.email !== undefined) emails.push(answer.email);
      }
    });
    const body = JSON.parse(fixture.toString("utf8"));
    expect((await hooks.handle(await typeformTestRequest({ secret: SECRET, payload: body }))).status).toBe(
      200,
    );
    expect((await hooks.handle(await typeformTestRequest({ secret: SECRET, payload: body }))).status).toBe(
      200,
    );
    expect(emails).toEqual(["laura@example.com"]);
  });

  runDescriptorConformance(descriptor, { name: "typeform", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { form_response: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "typeform",
  create: typeform,
  testRequest: typeformTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "form_response",
  signatureHeader: "typeform-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as form_response when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("form_response");
  });
});

describe("typeform() meta", () => {
  it("gives formId only when form_response.form_id is a string", async () => {
    const receiver = typeform({ secret: SECRET });
    const cases: [unknown, string | undefined][] = [
      [{ form_response: { form_id: "abc" } }, "abc"],
      [{ form_response: { form_id: 7 } }, undefined],
      [{ form_response: {} }, undefined],
      [{}, undefined],
    ];
    for (const [extra, formId] of cases) {
      const body = JSON.stringify({ event_id: "e1", event_type: "form_response", ...(extra as object) });
      const event = await receiver.verify(
        request(body, { "typeform-signature": documented(Buffer.from(body), SECRET) }),
      );
      expect(event.meta).toEqual({ formId });
      expect(event.id).toBe("e1");
    }
  });
});

describe("typeformTestRequest", () => {
  async function bodyOf(request: Request): Promise<Record<string, unknown>> {
    return JSON.parse(await request.text()) as Record<string, unknown>;
  }

  it("fills event_id and event_type into an object payload that has none, and signs the sent bytes", async () => {
    const signed = await typeformTestRequest({
      secret: SECRET,
      event: "form_partial",
      id: "EVT1",
      payload: { form_response: {} },
    });
    const bytes = new Uint8Array(await signed.clone().arrayBuffer());
    expect(signed.headers.get("typeform-signature")).toBe(documented(bytes, SECRET));
    expect(signed.url).toBe("https://example.com/webhooks/typeform");
    expect(await bodyOf(signed)).toEqual({ event_id: "EVT1", event_type: "form_partial", form_response: {} });
  });

  it("defaults to form_response and a fresh 26-character upper-case id", async () => {
    const first = await bodyOf(await typeformTestRequest({ secret: SECRET, payload: { form_response: {} } }));
    const second = await bodyOf(
      await typeformTestRequest({ secret: SECRET, payload: { form_response: {} } }),
    );
    expect(first.event_type).toBe("form_response");
    expect(first.event_id).toMatch(/^[0-9A-F]{26}$/);
    expect(second.event_id).toMatch(/^[0-9A-F]{26}$/);
    expect(second.event_id).not.toBe(first.event_id);
  });

  it("keeps the payload's own event_id and event_type", async () => {
    const own = { event_id: "own", event_type: "own_type", form_response: {} };
    expect(
      await bodyOf(await typeformTestRequest({ secret: SECRET, id: "x", event: "y", payload: own })),
    ).toEqual(own);
  });
});

describe("typeform() details", () => {
  it("names the package and where the secret is set in the missing-signature refusal", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await typeform({ secret: SECRET }).verify(request(fixture, {}));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/typeform]");
    expect(error.message).toContain(
      "Set a secret on the Typeform webhook (Connect → Webhooks → Edit, or the Webhooks API).",
    );
  });

  it("names its provider, and its setup refusal names the package", () => {
    expect(typeform({ secret: SECRET }).provider).toBe("typeform");
    expect(() => typeform({ secret: "" })).toThrow("[@hookwire/typeform]");
  });

  it("descriptor: the example is the fixture (Typeform's documented form_response), sent as that event", () => {
    expect(descriptor.example).toEqual({
      payload: JSON.parse(fixture.toString("utf8")),
      event: "form_response",
    });
    expect(descriptor.eventOption).toBe("the body's event_type when the payload has none (form_response)");
  });
});
