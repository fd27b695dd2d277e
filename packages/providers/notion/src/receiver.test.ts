import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
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

describe("notion — cases found by mutation testing", () => {
  const handshakeOf = (receiver: ReturnType<typeof notion>, request: Request) =>
    createWebhooks({ receivers: { notion: receiver } }).handle(request);
  const verificationBody = (token: unknown) => JSON.stringify({ verification_token: token });

  it("answers the verification request with {ok: true}, with or without a callback, and hands the callback the request", async () => {
    const seen: Array<[string, string, string]> = [];
    const response = await handshakeOf(
      notion({
        onVerificationToken: (token, request) => void seen.push([token, request.method, request.url]),
      }),
      notionVerificationRequest(TOKEN, "https://example.com/hooks/notion"),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual([[TOKEN, "POST", "https://example.com/hooks/notion"]]);
    const quiet = await handshakeOf(notion(), notionVerificationRequest(TOKEN));
    expect(quiet.status).toBe(200);
    expect(await quiet.json()).toEqual({ ok: true });
  });

  it("takes a verification request without Content-Type or with charset, not under another media type", async () => {
    const tokens: string[] = [];
    const receiver = notion({ secret: TOKEN, onVerificationToken: (token) => void tokens.push(token) });
    const send = (headers: Record<string, string>) =>
      receiver.handshake!({
        method: "POST",
        url: "https://example.com/webhooks/notion",
        headers: new Headers(headers),
        body: new TextEncoder().encode(verificationBody("secret_a")),
      });
    expect((await send({}))?.status).toBe(200);
    expect((await send({ "content-type": "application/json; charset=utf-8" }))?.status).toBe(200);
    expect(await send({ "content-type": "text/plain" })).toBeUndefined();
    expect(tokens).toEqual(["secret_a", "secret_a"]);
  });

  it("is not a verification request: another method, an empty or non-string token, a body over 4 KiB", async () => {
    const receiver = notion({ secret: TOKEN, onVerificationToken: () => {} });
    const send = (body: string, method = "POST") =>
      receiver.handshake!({
        method,
        url: "https://example.com/webhooks/notion",
        headers: new Headers({ "content-type": "application/json" }),
        body: new TextEncoder().encode(body),
      });
    expect(await send(verificationBody("secret_a"), "PUT")).toBeUndefined();
    expect(await send(verificationBody(""))).toBeUndefined();
    expect(await send(verificationBody(42))).toBeUndefined();
    // 4096 bytes is the limit: at it a verification request, one byte over not
    const fits = verificationBody(`secret_${"a".repeat(4096 - verificationBody("secret_").length)}`);
    expect(fits.length).toBe(4096);
    expect((await send(fits))?.status).toBe(200);
    expect(
      await send(verificationBody(`secret_${"a".repeat(4097 - verificationBody("secret_").length)}`)),
    ).toBeUndefined();
  });

  it("leaves an unsigned body that does not mention verification_token to the signature check", async () => {
    const receiver = notion({ secret: TOKEN });
    expect(
      await receiver.handshake!({
        method: "POST",
        url: "https://example.com/webhooks/notion",
        headers: new Headers({ "content-type": "application/json" }),
        body: new TextEncoder().encode("{not json"),
      }),
    ).toBeUndefined();
  });

  it("reads meta only from fields of the right type", async () => {
    const receiver = notion({ secret: TOKEN });
    const body = JSON.stringify({
      id: "e1",
      type: "page.created",
      workspace_id: 1,
      subscription_id: null,
      attempt_number: "2",
    });
    const event = await receiver.verify(
      request(body, { "x-notion-signature": documented(Buffer.from(body), TOKEN) }),
    );
    expect(event.meta).toEqual({
      workspaceId: undefined,
      subscriptionId: undefined,
      attemptNumber: undefined,
    });
    expect(event.id).toBe("e1");
  });

  it("says what to configure when no secret is given, and enforces maxBodyBytes", async () => {
    const signed = () => notionTestRequest({ secret: TOKEN, payload: JSON.parse(fixture.toString()) });
    expect(await refusalOf(notion().verify(await signed()))).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/notion] No secret is configured: pass { secret: "<the subscription\'s verification_token>" }. Notion sends the token once, when the subscription is created (see onVerificationToken).',
    });
    expect(await codeOf(notion({ secret: TOKEN, maxBodyBytes: 16 }).verify(await signed()))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(await refusalOf(notion({ secret: TOKEN }).verify(request(fixture, {})))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/notion] The X-Notion-Signature header is missing. Notion signs events once the subscription is verified with its verification_token.",
    });
  });

  it("notionTestRequest fills id, timestamp and type, keeps the payload's own", async () => {
    const made = await notionTestRequest({
      secret: TOKEN,
      payload: { entity: { id: "p" } },
      id: "evt-1",
      timestamp: 1_700_000_000,
    });
    const body = JSON.parse(await made.clone().text());
    expect(body).toEqual({
      id: "evt-1",
      timestamp: "2023-11-14T22:13:20.000Z",
      type: "page.created",
      entity: { id: "p" },
    });
    expect(made.url).toBe("https://example.com/webhooks/notion");
    const fresh = JSON.parse(
      await (await notionTestRequest({ secret: TOKEN, event: "comment.created", payload: {} })).text(),
    );
    expect(fresh.type).toBe("comment.created");
    expect(fresh.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(fresh.timestamp) - Date.now())).toBeLessThan(600_000);
    const own = JSON.parse(
      await (
        await notionTestRequest({ secret: TOKEN, event: "x", payload: { type: "page.deleted", id: "mine" } })
      ).text(),
    );
    expect([own.type, own.id]).toEqual(["page.deleted", "mine"]);
  });

  it("notionVerificationRequest is an unsigned JSON POST with the token alone, to the given URL", async () => {
    const made = notionVerificationRequest("secret_v");
    expect(made.method).toBe("POST");
    expect(made.url).toBe("https://example.com/webhooks/notion");
    expect(made.headers.get("content-type")).toBe("application/json");
    expect(made.headers.get("x-notion-signature")).toBeNull();
    expect(await made.text()).toBe('{"verification_token":"secret_v"}');
  });

  it("the descriptor describes its event option, secret and example; the receiver is named notion", () => {
    expect(descriptor.eventOption).toBe("the body's type when the payload has none (page.created…)");
    expect(descriptor.secretIs).toBe("the subscription's verification_token");
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
    expect(descriptor.example?.event).toBe("page.created");
    expect(notion().provider).toBe("notion");
  });
});
