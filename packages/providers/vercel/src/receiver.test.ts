import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vercel } from "./receiver.js";
import { descriptor, vercelSignature, vercelTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/deployment-created.json", import.meta.url));
const SECRET = "vercel-webhook-secret-0123456789";

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/vercel", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("vercel()", () => {
  it("verifies a deployment.created event signed as Vercel's documentation computes it (hex HMAC-SHA1)", async () => {
    const signature = createHmac("sha1", SECRET).update(fixture).digest("hex");
    const event = await vercel({ secret: SECRET }).verify(
      request(fixture, { "x-vercel-signature": signature }),
    );
    expect(event.type).toBe("deployment.created");
    expect(event.id).toBe("uLLNPEhVfFi6C3GVQRnpZ9Yo");
    expect((event.payload as { payload: { deployment: { id: string } } }).payload.deployment.id).toBe(
      "dpl_2Dw8bDbbY3rmoTFUgsqxLd6MbfZA",
    );
  });

  it("signs what the documented HMAC-SHA1 computes, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          expect(await vercelSignature(body, secret)).toBe(
            createHmac("sha1", secret).update(body).digest("hex"),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing and SHA-256 signatures with coded errors", async () => {
    const receiver = vercel({ secret: SECRET });
    const signature = await vercelSignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace('"production"', '"preview"'));
    expect(await codeOf(receiver.verify(request(tampered, { "x-vercel-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-vercel-signature": await vercelSignature(fixture, "x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    const sha256 = createHmac("sha256", SECRET).update(fixture).digest("hex");
    expect(await codeOf(receiver.verify(request(fixture, { "x-vercel-signature": sha256 })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without a type, and malformed JSON", async () => {
    const receiver = vercel({ secret: SECRET });
    for (const body of [JSON.stringify({ id: "e1", payload: {} }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "x-vercel-signature": await vercelSignature(body, SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes by type and group and runs handlers once per event id", async () => {
    const hooks = createWebhooks({ receivers: { vercel: vercel({ secret: SECRET }) }, idempotency: true });
    const seen: string[] = [];
    hooks.on("vercel", "deployment.created", (event) => {
      seen.push(`created:${event.payload.payload.deployment.url}`);
    });
    hooks.on("vercel", "deployment.*", (event) => {
      seen.push(`group:${event.type}`);
    });
    const body = JSON.parse(fixture.toString("utf8"));
    expect((await hooks.handle(await vercelTestRequest({ secret: SECRET, payload: body }))).status).toBe(200);
    expect((await hooks.handle(await vercelTestRequest({ secret: SECRET, payload: body }))).status).toBe(200);
    expect(seen.sort()).toEqual([
      "created:hookwire-example-8dekrbl6c.vercel.app",
      "group:deployment.created",
    ]);
  });

  runDescriptorConformance(descriptor, { name: "vercel", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { payload: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "vercel",
  create: vercel,
  testRequest: vercelTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "deployment.created",
  signatureHeader: "x-vercel-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as deployment.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("deployment.created");
  });
});

describe("vercelTestRequest", () => {
  async function bodyOf(request: Request): Promise<Record<string, unknown>> {
    return JSON.parse(await request.text()) as Record<string, unknown>;
  }

  it("fills type, id and createdAt (milliseconds of the timestamp) into an object payload that has none", async () => {
    const signed = await vercelTestRequest({
      secret: SECRET,
      event: "project.created",
      id: "evt_given",
      timestamp: 1_700_000_000.4,
      payload: { payload: {} },
    });
    const text = await signed.clone().text();
    expect(signed.headers.get("x-vercel-signature")).toBe(
      createHmac("sha1", SECRET).update(text).digest("hex"),
    );
    expect(await bodyOf(signed)).toEqual({
      id: "evt_given",
      type: "project.created",
      createdAt: 1_700_000_000_400,
      payload: {},
    });
  });

  it("defaults to deployment.created, a fresh evt_ id of 24 hex digits and createdAt of now", async () => {
    const before = Date.now();
    const first = await bodyOf(await vercelTestRequest({ secret: SECRET, payload: { payload: {} } }));
    const second = await bodyOf(await vercelTestRequest({ secret: SECRET, payload: { payload: {} } }));
    const after = Date.now();
    expect(first.type).toBe("deployment.created");
    expect(first.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(second.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(second.id).not.toBe(first.id);
    expect(first.createdAt).toBeGreaterThanOrEqual(before);
    expect(first.createdAt).toBeLessThanOrEqual(after);
    expect(Number.isInteger(first.createdAt)).toBe(true);
  });

  it("keeps the payload's own type, id and createdAt, and sends a string payload as it is", async () => {
    const own = { id: "own", type: "domain.created", createdAt: 5, payload: {} };
    expect(
      await bodyOf(
        await vercelTestRequest({ secret: SECRET, event: "x", id: "y", timestamp: 9, payload: own }),
      ),
    ).toEqual(own);
    const text = '{"type":"ping"}';
    const raw = await vercelTestRequest({ secret: SECRET, payload: text });
    expect(await raw.text()).toBe(text);
    expect(raw.url).toBe("https://example.com/webhooks/vercel");
    expect(raw.headers.get("content-type")).toBe("application/json");
  });
});

describe("vercel() details", () => {
  it("names the package and the secret in the missing-signature refusal", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await vercel({ secret: SECRET }).verify(request(fixture, {}));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/vercel]");
    expect(error.message).toContain(
      "Vercel signs every webhook with the webhook's secret or the integration's client secret.",
    );
  });

  it("names its provider, and its setup refusal names the package", () => {
    expect(vercel({ secret: SECRET }).provider).toBe("vercel");
    expect(() => vercel({ secret: "" })).toThrow("[@hookwire/vercel]");
  });

  it("descriptor: the example is the fixture (Vercel's documented deployment.created), sent as that event", () => {
    expect(descriptor.example).toEqual({
      payload: JSON.parse(fixture.toString("utf8")),
      event: "deployment.created",
    });
    expect(descriptor.eventOption).toBe("the body's type when the payload has none (deployment.created…)");
  });
});
