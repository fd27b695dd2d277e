import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { notion } from "./receiver.js";
import { descriptor, notionSignature, notionTestRequest, notionVerificationRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/page-created.json", import.meta.url));
const TOKEN = "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl";

/** Notion's documented computation: `sha256=` + hex HMAC-SHA256 of the body under the verification token. */
const documented = (body: Uint8Array, token: string) =>
  `sha256=${createHmac("sha256", token).update(body).digest("hex")}`;

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/notion", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("notion()", () => {
  it("verifies the documented page.created example signed as Notion's documentation computes it", async () => {
    const event = await notion({ secret: TOKEN }).verify(
      request(fixture, { "x-notion-signature": documented(fixture, TOKEN) }),
    );
    expect(event.type).toBe("page.created");
    expect(event.id).toBe("367cba44-b6f3-4c92-81e7-6a2e9659efd4");
    expect(event.meta).toEqual({
      workspaceId: "13950b26-c203-4f3b-b97d-93ec06319565",
      subscriptionId: "29d75c0d-5546-4414-8459-7b7a92f1fc4b",
      attemptNumber: 1,
    });
  });

  it("signs what the documented computation gives, for arbitrary bodies and tokens", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (token, body) => {
          expect(await notionSignature(body, token)).toBe(documented(body, token));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("answers the verification request and hands over its token, before any secret is configured", async () => {
    const tokens: string[] = [];
    const hooks = createWebhooks({
      receivers: { notion: notion({ onVerificationToken: (token) => void tokens.push(token) }) },
    });
    let calls = 0;
    hooks.on("notion", "*", () => {
      calls++;
    });
    const response = await hooks.handle(notionVerificationRequest(TOKEN));
    expect(response.status).toBe(200);
    expect(tokens).toEqual([TOKEN]);
    expect(calls).toBe(0);
    // events are refused, with a message that says what to configure
    const event = await hooks.handle(
      await notionTestRequest({ secret: TOKEN, payload: JSON.parse(fixture.toString()) }),
    );
    expect(event.status).toBe(500);
    expect(((await event.json()) as { error: { code: string } }).error.code).toBe("CONFIGURATION_INVALID");
    expect(calls).toBe(0);
  });

  it("treats only a lone verification_token without a signature as the handshake", async () => {
    const tokens: string[] = [];
    const receiver = notion({ secret: TOKEN, onVerificationToken: (token) => void tokens.push(token) });
    const hooks = createWebhooks({ receivers: { notion: receiver } });
    // with another field, it is an event: unsigned, so refused
    const extra = request(JSON.stringify({ verification_token: "secret_x", type: "page.created" }), {});
    expect((await hooks.handle(extra)).status).toBe(401);
    // with a signature header, it is an event to verify, not a handshake
    const body = JSON.stringify({ verification_token: "secret_x" });
    const signed = request(body, { "x-notion-signature": documented(Buffer.from(body), "other") });
    expect((await hooks.handle(signed)).status).toBe(401);
    expect(tokens).toEqual([]);
  });

  it("refuses tampered bodies, wrong tokens, missing, unprefixed and base64 signatures with coded errors", async () => {
    const receiver = notion({ secret: TOKEN });
    const signature = documented(fixture, TOKEN);
    const tampered = Buffer.from(fixture.toString("utf8").replace("page.created", "page.deleted"));
    expect(await codeOf(receiver.verify(request(tampered, { "x-notion-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-notion-signature": documented(fixture, "secret_x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-notion-signature": signature.slice(7) }))),
    ).toBe("SIGNATURE_INVALID");
    const base64 = `sha256=${createHmac("sha256", TOKEN).update(fixture).digest("base64")}`;
    expect(await codeOf(receiver.verify(request(fixture, { "x-notion-signature": base64 })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without a type, and malformed JSON", async () => {
    const receiver = notion({ secret: TOKEN });
    for (const body of [JSON.stringify({ id: "e" }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "x-notion-signature": documented(Buffer.from(body), TOKEN) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes types and groups, and runs handlers once per event id across delivery attempts", async () => {
    const hooks = createWebhooks({ receivers: { notion: notion({ secret: TOKEN }) }, idempotency: true });
    const seen: string[] = [];
    hooks.on("notion", "page.created", (event) => {
      seen.push(`created:${event.payload.entity.id}`);
    });
    hooks.on("notion", "page.*", (event) => {
      seen.push(`group:${event.type}`);
    });
    const body = JSON.parse(fixture.toString("utf8"));
    expect((await hooks.handle(await notionTestRequest({ secret: TOKEN, payload: body }))).status).toBe(200);
    const retry = { ...body, attempt_number: 2 };
    expect((await hooks.handle(await notionTestRequest({ secret: TOKEN, payload: retry }))).status).toBe(200);
    expect(seen.sort()).toEqual(["created:153104cd-477e-809d-8dc4-ff2d96ae3090", "group:page.created"]);
  });

  runDescriptorConformance(descriptor, { name: "notion", secret: TOKEN });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(TOKEN);
    const ok = await descriptor.sign({ secret: TOKEN, event: "ping", payload: { entity: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "notion",
  create: (options) => notion(options),
  testRequest: notionTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "page.created",
  signatureHeader: "x-notion-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as page.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("page.created");
  });
});
