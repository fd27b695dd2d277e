import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, toWebhookRequest } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { trello } from "./receiver.js";
import { descriptor, trelloSignature, trelloTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/create-card.json", import.meta.url));
const URL_AT_APP = "https://example.com/webhooks/trello";

function request(body: BodyInit, headers: Record<string, string>, url = URL_AT_APP): Request {
  return new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("trello()", () => {
  it("signs body + callback URL like an independent HMAC-SHA1 and verifies a createCard action", async () => {
    const signature = await trelloSignature(fixture, URL_AT_APP, "app-secret");
    expect(signature).toBe(
      createHmac("sha1", "app-secret")
        .update(Buffer.concat([fixture, Buffer.from(URL_AT_APP)]))
        .digest("base64"),
    );
    const event = await trello({ secret: "app-secret" }).verify(
      request(fixture, { "x-trello-webhook": signature }),
    );
    expect(event.type).toBe("createCard");
    expect(event.id).toBe("5f4d8e5a3c7a0b1d2e3f4a5b");
    expect(event.meta).toEqual({
      modelId: "5a4ba3ee4c2f8a2f1a1b4f26",
      webhookId: "5f4d8e1f9b2c3d4e5f6a7b8c",
    });
    expect(
      (event.payload as { action: { data: { card: { name: string } } } }).action.data.card.name,
    ).toContain("✓");
  });

  it("accepts URL-safe base64, as ASP.NET WebHooks did", async () => {
    const signature = await trelloSignature(fixture, URL_AT_APP, "app-secret");
    const urlSafe = signature.replace(/\+/g, "-").replace(/\//g, "_");
    expect(
      (await trello({ secret: "app-secret" }).verify(request(fixture, { "x-trello-webhook": urlSafe }))).type,
    ).toBe("createCard");
  });

  it("uses callbackUrl (string or function) instead of the request URL, e.g. behind a proxy", async () => {
    const registered = "https://public.example.org/hooks/trello";
    const signature = await trelloSignature(fixture, registered, "app-secret");
    const internal = request(
      fixture,
      { "x-trello-webhook": signature },
      "http://10.0.0.5:3000/webhooks/trello",
    );
    expect(await codeOf(trello({ secret: "app-secret" }).verify(internal.clone()))).toBe("SIGNATURE_INVALID");
    expect(
      (await trello({ secret: "app-secret", callbackUrl: registered }).verify(internal.clone())).type,
    ).toBe("createCard");
    const fromRequest = vi.fn(async () => registered);
    await trello({ secret: "app-secret", callbackUrl: fromRequest }).verify(internal);
    expect(fromRequest).toHaveBeenCalledOnce();
    expect(() => trello({ secret: "s", callbackUrl: "/webhooks/trello" })).toThrow(/not an absolute URL/);
  });

  it("names trustProxy in the mismatch error when the request URL is plain http (TLS terminated at a proxy)", async () => {
    const registered = "https://example.com/webhooks/trello";
    const signature = await trelloSignature(fixture, registered, "app-secret");
    const behindProxy = request(
      fixture,
      { "x-trello-webhook": signature },
      "http://example.com/webhooks/trello",
    );
    const error = (await trello({ secret: "app-secret" })
      .verify(behindProxy)
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as Error & { code: string };
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toContain("plain http");
    expect(error.message).toContain("trustProxy: true");
    expect(error.message).toContain("callbackUrl");
    const configured = (await trello({ secret: "app-secret", callbackUrl: "https://example.com/other" })
      .verify(request(fixture, { "x-trello-webhook": signature }))
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as Error;
    expect(configured.message).not.toContain("trustProxy");
    expect(configured.message).toContain("callbackUrl option");
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const signature = await trelloSignature(fixture, URL_AT_APP, "old");
    expect(
      (await trello({ secret: ["new", "old"] }).verify(request(fixture, { "x-trello-webhook": signature })))
        .type,
    ).toBe("createCard");
    const lookup = vi.fn(() => ["old"]);
    await trello({ secret: lookup }).verify(request(fixture, { "x-trello-webhook": signature }));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = trello({ secret: "app-secret" });
    const signature = await trelloSignature(fixture, URL_AT_APP, "app-secret");
    const tampered = Buffer.from(fixture);
    tampered[50] = tampered[50]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-trello-webhook": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { "x-trello-webhook": await trelloSignature(fixture, URL_AT_APP, "wrong") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-trello-webhook": "!!not base64!!" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = trello({ secret: "s" });
    const sign = async (body: string) => ({
      "x-trello-webhook": await trelloSignature(body, URL_AT_APP, "s"),
    });
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { ...(await sign(fixture.toString())), "content-type": "text/xml" }),
        ),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(request("{bad", await sign("{bad"))))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request('{"action":{}}', await sign('{"action":{}}'))))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("answers Trello's HEAD check with 200 and nothing else", async () => {
    const receiver = trello({ secret: "s" });
    const head = await receiver.handshake!(
      await toWebhookRequest(new Request(URL_AT_APP, { method: "HEAD" })),
    );
    expect(head?.status).toBe(200);
    expect(await receiver.handshake!(await toWebhookRequest(request(fixture, {})))).toBeUndefined();
  });

  it("refuses to be created without a secret", () => {
    expect(() => trello({ secret: [] })).toThrow(/secret option is missing/);
  });

  it("works in the router: HEAD without handlers, typed handlers, forged requests refused", async () => {
    const hooks = createWebhooks({ receivers: { trello: trello({ secret: "s" }) } });
    const names: string[] = [];
    hooks.on("trello", "createCard", (event) => {
      names.push(event.payload.action.data.card?.name ?? "");
    });
    expect((await hooks.handle(new Request(URL_AT_APP, { method: "HEAD" }))).status).toBe(200);
    const ok = await hooks.handle(
      await trelloTestRequest({
        secret: "s",
        event: "createCard",
        payload: { card: { id: "c1", name: "Hello" } },
      }),
    );
    expect(ok.status).toBe(200);
    const forged = await hooks.handle(
      await trelloTestRequest({
        secret: "x",
        event: "createCard",
        payload: { card: { id: "c2", name: "Evil" } },
      }),
    );
    expect(forged.status).toBe(401);
    expect(names).toEqual(["Hello"]);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = new TextEncoder().encode(
            JSON.stringify({
              action: { id: "a1", type: "updateCard", data: { text: Buffer.from(bytes).toString("base64") } },
            }),
          );
          // independent signer: node:crypto over body + callback URL, as Trello documents it
          const signature = createHmac("sha1", secret)
            .update(Buffer.concat([Buffer.from(body), Buffer.from(URL_AT_APP)]))
            .digest("base64");
          expect(await trelloSignature(body, URL_AT_APP, secret)).toBe(signature);
          const receiver = trello({ secret });
          await expect(
            receiver.verify(request(body, { "x-trello-webhook": signature })),
          ).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, { "x-trello-webhook": signature })))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("trello() — cases found by mutation testing", () => {
  const P = "[@hookwire/trello]";
  const receiver = trello({ secret: "app-secret" });
  const signedBody = async (payload: unknown) => {
    const body = JSON.stringify(payload);
    return request(body, { "x-trello-webhook": await trelloSignature(body, URL_AT_APP, "app-secret") });
  };

  it("refuses a blank signature, and a callbackUrl that is not absolute, with exact messages", async () => {
    await expect(receiver.verify(request(fixture, { "x-trello-webhook": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Trello-Webhook header is missing.`,
    });
    expect(() => trello({ secret: "s", callbackUrl: "/webhooks/trello" })).toThrow(
      `${P} The callbackUrl option is not an absolute URL. Pass the callbackURL exactly as registered with Trello.`,
    );
    expect(() => trello({ secret: "s", callbackUrl: URL_AT_APP })).not.toThrow();
    expect(() => trello({ secret: "s", callbackUrl: () => "not a url" })).not.toThrow();
    expect(() => trello(undefined as never)).toThrow(/secret option is missing/);
  });

  it("says which URL was signed and what to check, for each way the URL was found", async () => {
    const wrong = await trelloSignature(fixture, URL_AT_APP, "other");
    const base = (url: string) => `${P} The signature does not match the body and callback URL "${url}".`;
    await expect(
      trello({ secret: "app-secret", callbackUrl: URL_AT_APP }).verify(
        request(fixture, { "x-trello-webhook": wrong }),
      ),
    ).rejects.toMatchObject({
      message: `${base(URL_AT_APP)} Check that the callbackUrl option is exactly the callbackURL registered with Trello, and the secret.`,
    });
    await expect(receiver.verify(request(fixture, { "x-trello-webhook": wrong }))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${base(URL_AT_APP)} If a proxy changes the URL, pass { trustProxy: true } to the Hookwire adapter (X-Forwarded-Proto and X-Forwarded-Host), or set the callbackUrl option to the callbackURL registered with Trello.`,
    });
    const http = "http://example.com/webhooks/trello";
    await expect(
      receiver.verify(request(fixture, { "x-trello-webhook": wrong }, http)),
    ).rejects.toMatchObject({
      message: `${base(http)} The request arrived over plain http: if TLS is terminated at a proxy or load balancer, pass { trustProxy: true } to the Hookwire adapter so the URL is rebuilt from X-Forwarded-Proto and X-Forwarded-Host, or set the callbackUrl option to the callbackURL registered with Trello.`,
    });
  });

  it("refuses bodies without a usable action.type, and reads ids only when they are strings", async () => {
    for (const payload of [
      {},
      { action: null },
      { action: "x" },
      { action: {} },
      { action: { type: "" } },
      { action: { type: 1 } },
    ]) {
      await expect(receiver.verify(await signedBody(payload))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no action.type.`,
      });
    }
    const event = await receiver.verify(
      await signedBody({ action: { type: "updateCard", id: 5 }, model: { id: 6 }, webhook: { id: 7 } }),
    );
    expect([event.type, event.id, event.provider]).toEqual(["updateCard", undefined, "trello"]);
    expect(event.meta).toEqual({ modelId: undefined, webhookId: undefined });
    const bare = await receiver.verify(await signedBody({ action: { type: "updateCard" } }));
    expect(bare.meta).toEqual({ modelId: undefined, webhookId: undefined });
  });

  it("answers only HEAD in the handshake, and enforces maxBodyBytes", async () => {
    const post = await toWebhookRequest(request(fixture, {}));
    expect(await receiver.handshake!(post)).toBeUndefined();
    const small = trello({ secret: "app-secret", maxBodyBytes: 8 });
    const signature = await trelloSignature(fixture, URL_AT_APP, "app-secret");
    expect(await codeOf(small.verify(request(fixture, { "x-trello-webhook": signature })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("trelloTestRequest()", () => {
  it("wraps an object payload given with an event as Trello's action, model and webhook", async () => {
    const req = await trelloTestRequest({ secret: "s", event: "createCard", payload: { card: { id: "c" } } });
    const body = JSON.parse(await req.clone().text());
    expect(body.action).toMatchObject({
      idMemberCreator: "000000000000000000000001",
      type: "createCard",
      data: { card: { id: "c" } },
    });
    expect(body.action.id).toMatch(/^[0-9a-f]{24}$/);
    expect(typeof body.action.date).toBe("string");
    expect(body.model).toEqual({ id: "000000000000000000000002" });
    expect(body.webhook).toEqual({
      id: "000000000000000000000003",
      idModel: "000000000000000000000002",
      callbackURL: URL_AT_APP,
      active: true,
    });
    expect((await trello({ secret: "s" }).verify(req)).type).toBe("createCard");
    const given = JSON.parse(
      await (await trelloTestRequest({ secret: "s", event: "x", payload: {}, id: "a1" })).text(),
    );
    expect(given.action.id).toBe("a1");
  });

  it("sends payloads that already have an action, have no event, or are text or bytes as given", async () => {
    const text = async (input: Parameters<typeof trelloTestRequest>[0]) =>
      (await trelloTestRequest(input)).text();
    expect(JSON.parse(await text({ secret: "s", event: "x", payload: { action: { type: "y" } } }))).toEqual({
      action: { type: "y" },
    });
    expect(JSON.parse(await text({ secret: "s", payload: { a: 1 } }))).toEqual({ a: 1 });
    expect(await text({ secret: "s", event: "x", payload: '{"b":2}' })).toBe('{"b":2}');
    expect(await text({ secret: "s", event: "x", payload: new TextEncoder().encode('{"c":3}') })).toBe(
      '{"c":3}',
    );
    expect(await trelloSignature(new TextEncoder().encode("é"), URL_AT_APP, "k")).toBe(
      await trelloSignature("é", URL_AT_APP, "k"),
    );
  });
});

runHmacProviderConformance({
  name: "trello",
  create: trello,
  testRequest: trelloTestRequest,
  payload: { card: { id: "5a2ee3bbd1b3b5a4a5f3e3b1", name: "Hello" } },
  event: "createCard",
  type: "createCard",
  signatureHeader: "x-trello-webhook",
});

describe("descriptor (@hookwire/trello/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "trello",
    example: { payload: { card: { id: "c1" } }, event: "createCard", type: "createCard" },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toBeUndefined();
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as createCard when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("createCard");
  });
});

describe("trello — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/create-card.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/create-card.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("trello — cases found by the third mutation run", () => {
  it("a callbackUrl that is not an absolute URL is CONFIGURATION_INVALID", () => {
    expect(() => trello({ secret: "s", callbackUrl: "/webhooks/trello" })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("trelloTestRequest sends a null payload as given", async () => {
    expect(await (await trelloTestRequest({ secret: "s", event: "createCard", payload: null })).text()).toBe(
      "null",
    );
  });
});
