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
