import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, toWebhookRequest } from "@hookwire/core";
import { describe, expect, it, vi } from "vitest";
// The shared suites, imported by path: @hookwire/test-utils depends on @hookwire/sender, which
// depends on this package, so a package dependency back would be a cycle.
import { codeOf } from "../../../test-utils/src/codes.js";
import { runHmacProviderConformance } from "../../../test-utils/src/hmac-suite.js";
import { custom } from "./receiver.js";
import { msSignatureScheme } from "./scheme.js";
import { customTestRequest, descriptor, signAspNetWebHook } from "./testing.js";

const batch = readFileSync(new URL("../test/fixtures/batch.json", import.meta.url));
const SECRET = "12345678901234567890123456789012";
const CODE = "c".repeat(32);

function request(
  body: BodyInit,
  headers: Record<string, string>,
  url = "https://example.com/webhooks/custom",
): Request {
  return new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

describe("custom()", () => {
  it("signs like ASP.NET (uppercase hex) and verifies the sender's batch", async () => {
    const expected = `sha256=${createHmac("sha256", SECRET).update(batch).digest("hex").toUpperCase()}`;
    expect(await signAspNetWebHook(batch, SECRET)).toBe(expected);
    const event = await custom({ secret: SECRET }).verify(request(batch, { "ms-signature": expected }));
    expect(event.type).toBe("batch");
    expect(event.id).toBe("7b7bc0d04ab44f2b9c1b8d0b3e4b6b0a");
    expect(event.meta).toMatchObject({
      attempt: 1,
      actions: ["event1", "event2"],
      properties: { StaticParamA: 10 },
    });
    // lower-case hex is accepted too
    expect(
      (await custom({ secret: SECRET }).verify(request(batch, { "ms-signature": expected.toLowerCase() })))
        .id,
    ).toBe("7b7bc0d04ab44f2b9c1b8d0b3e4b6b0a");
  });

  it("names a delivery after its action when every notification shares it", async () => {
    const event = await custom({ secret: SECRET }).verify(
      await customTestRequest({ secret: SECRET, event: "order.created", id: "abc", payload: { OrderId: 7 } }),
    );
    expect(event.type).toBe("order.created");
    expect(event.id).toBe("abc");
    expect((event.payload as { Notifications: Array<{ OrderId: number }> }).Notifications[0]!.OrderId).toBe(
      7,
    );
  });

  it("accepts any of several secrets, or one looked up per request", async () => {
    const other = "z".repeat(40);
    const signature = await signAspNetWebHook(batch, other);
    expect(
      (await custom({ secret: [SECRET, other] }).verify(request(batch, { "ms-signature": signature }))).type,
    ).toBe("batch");
    const lookup = vi.fn(async () => other);
    await custom({ secret: lookup }).verify(request(batch, { "ms-signature": signature }));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = custom({ secret: SECRET });
    const signature = await signAspNetWebHook(batch, SECRET);
    const tampered = Buffer.from(batch);
    tampered[25] = tampered[25]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "ms-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(batch, { "ms-signature": await signAspNetWebHook(batch, "w".repeat(32)) })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(batch, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(batch, { "ms-signature": signature.slice(7) })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request(batch, { "ms-signature": "sha256=XYZ" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = custom({ secret: SECRET });
    const signed = async (body: string, headers: Record<string, string> = {}) =>
      receiver.verify(request(body, { "ms-signature": await signAspNetWebHook(body, SECRET), ...headers }));
    expect(await codeOf(signed(batch.toString(), { "content-type": "text/plain" }))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    for (const body of [
      "{oops",
      '{"Id":"1"}',
      '{"Id":"1","Notifications":[]}',
      '{"Id":"1","Notifications":[{"P":1}]}',
    ]) {
      expect(await codeOf(signed(body))).toBe("PAYLOAD_INVALID");
    }
  });

  it("requires the code query secret when configured", async () => {
    const receiver = custom({ secret: SECRET, code: CODE });
    const signature = await signAspNetWebHook(batch, SECRET);
    expect(await codeOf(receiver.verify(request(batch, { "ms-signature": signature })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(
            batch,
            { "ms-signature": signature },
            `https://example.com/webhooks/custom?code=${"d".repeat(32)}`,
          ),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      (
        await receiver.verify(
          request(batch, { "ms-signature": signature }, `https://example.com/webhooks/custom?code=${CODE}`),
        )
      ).type,
    ).toBe("batch");
  });

  it("refuses secrets outside 32–128 characters", async () => {
    expect(() => custom({ secret: "short" })).toThrow(/between 32 and 128/);
    expect(() => custom({ secret: "" })).toThrow(/secret option is missing/);
    const receiver = custom({ secret: () => "short" });
    expect(
      await codeOf(
        receiver.verify(request(batch, { "ms-signature": await signAspNetWebHook(batch, "short") })),
      ),
    ).toBe("CONFIGURATION_INVALID");
  });

  it("answers the sender's echo GET with the value as plain text, without running handlers", async () => {
    const hooks = createWebhooks({ receivers: { custom: custom({ secret: SECRET, code: CODE }) } });
    const handler = vi.fn();
    hooks.on("custom", "*", handler);
    const echo = await hooks.handle(new Request("https://example.com/webhooks/custom?echo=4f1e2d3c"));
    expect(echo.status).toBe(200);
    expect(await echo.text()).toBe("4f1e2d3c");
    expect(echo.headers.get("content-type")).toMatch(/^text\/plain/);
    const missing = await hooks.handle(new Request("https://example.com/webhooks/custom"));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("HANDSHAKE_FAILED");
    expect(handler).not.toHaveBeenCalled();
  });

  it("does not answer the echo for a request that has no secret (as ASP.NET WebHooks)", async () => {
    // a per-tenant lookup that knows this tenant, and not another
    const receiver = custom({
      secret: (request) => (new URL(request.url).searchParams.get("tenant") === "known" ? SECRET : undefined),
    });
    const hooks = createWebhooks({ receivers: { custom: receiver } });
    const known = await hooks.handle(new Request("https://example.com/webhooks/custom?tenant=known&echo=e1"));
    expect(known.status).toBe(200);
    expect(await known.text()).toBe("e1");
    const unknown = await hooks.handle(
      new Request("https://example.com/webhooks/custom?tenant=other&echo=e2"),
    );
    expect(unknown.status).not.toBe(200);
    expect(await unknown.text()).not.toContain("e2");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({
      receivers: { legacy: custom<{ "order.created": { OrderId: number } }>({ secret: SECRET }) },
    });
    const ids: number[] = [];
    hooks.on("legacy", "order.created", (event) => {
      for (const n of event.payload.Notifications) ids.push(n.OrderId);
    });
    const url = "https://example.com/webhooks/legacy";
    expect(
      (
        await hooks.handle(
          await customTestRequest({ secret: SECRET, url, event: "order.created", payload: { OrderId: 3 } }),
        )
      ).status,
    ).toBe(200);
    expect(ids).toEqual([3]);
    expect(
      (
        await hooks.handle(
          await customTestRequest({
            secret: "q".repeat(32),
            url,
            event: "order.created",
            payload: { OrderId: 4 },
          }),
        )
      ).status,
    ).toBe(401);
    expect(ids).toEqual([3]);
  });
});

describe("custom() — cases found by mutation testing", () => {
  const P = "[@hookwire/custom]";
  const receiver = custom({ secret: SECRET });
  const body = (value: unknown) => JSON.stringify(value);
  const signedRequest = async (text: string, headers: Record<string, string> = {}) =>
    request(text, { "ms-signature": await signAspNetWebHook(text, SECRET), ...headers });

  it("refuses secrets longer than 128 characters and an empty code at creation", () => {
    expect(() => custom({ secret: "s".repeat(128) })).not.toThrow();
    expect(() => custom({ secret: "s".repeat(129) })).toThrow(/between 32 and 128 characters/);
    expect(() => custom({ secret: ["s".repeat(40), "s".repeat(129)] })).toThrow(/between 32 and 128/);
    expect(() => custom({ secret: SECRET, code: "" })).toThrow(/code option/);
    expect(() => custom(undefined as never)).toThrow(/secret option is missing/);
  });

  it("reads ms-signature trimmed and with the prefix in any case; refuses blank and unprefixed ones", async () => {
    const text = batch.toString("utf8");
    const signature = await signAspNetWebHook(text, SECRET);
    expect((await receiver.verify(request(text, { "ms-signature": `  ${signature}` }))).provider).toBe(
      "custom",
    );
    expect(
      (await receiver.verify(request(text, { "ms-signature": signature.replace("sha256=", "SHA256=") })))
        .type,
    ).toBe("batch");
    await expect(receiver.verify(request(text, { "ms-signature": "  " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The ms-signature header is missing.`,
    });
    // the right hex behind another 7-character prefix: only the prefix check refuses it
    await expect(
      receiver.verify(request(text, { "ms-signature": `sha512=${signature.slice(7)}` })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The ms-signature header is malformed.`,
    });
    await expect(
      receiver.verify(request(text, { "ms-signature": await signAspNetWebHook(text, "w".repeat(32)) })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
  });

  it("refuses bodies without notifications or actions, with exact messages", async () => {
    for (const payload of [{}, { Notifications: [] }, { Notifications: "x" }]) {
      await expect(receiver.verify(await signedRequest(body(payload)))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no Notifications.`,
      });
    }
    for (const notification of [null, {}, { Action: "" }, { Action: 3 }]) {
      await expect(
        receiver.verify(await signedRequest(body({ Notifications: [{ Action: "a" }, notification] }))),
      ).rejects.toMatchObject({ code: "PAYLOAD_INVALID", message: `${P} A notification has no Action.` });
    }
  });

  it("names a batch of one repeated action after it, and takes the id from a non-empty string Id", async () => {
    const same = await receiver.verify(
      await signedRequest(body({ Id: "id-1", Notifications: [{ Action: "a" }, { Action: "a" }] })),
    );
    expect([same.type, same.id, same.meta.actions]).toEqual(["a", "id-1", ["a"]]);
    for (const Id of ["", 5, undefined]) {
      const event = await receiver.verify(
        await signedRequest(body({ Id, Notifications: [{ Action: "a" }] })),
      );
      expect(event.id).toBeUndefined();
    }
  });

  it("answers the echo with nosniff plain text, and names the missing echo", async () => {
    const answer = await receiver.handshake!(
      await toWebhookRequest(new Request("https://example.com/webhooks/custom?echo=abc")),
    );
    expect(answer?.status).toBe(200);
    expect(answer?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(answer?.headers.get("x-content-type-options")).toBe("nosniff");
    await expect(
      receiver.handshake!(await toWebhookRequest(new Request("https://example.com/webhooks/custom"))),
    ).rejects.toMatchObject({
      code: "HANDSHAKE_FAILED",
      message: `${P} The GET request has no 'echo' query parameter.`,
    });
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = custom({ secret: SECRET, maxBodyBytes: 8 });
    expect(await codeOf(small.verify(await signedRequest(batch.toString("utf8"))))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("customTestRequest wraps a bare object in a notification, and sends batches, text and bytes as given", async () => {
    const wrapped = JSON.parse(await (await customTestRequest({ secret: SECRET, payload: { x: 1 } })).text());
    expect(wrapped.Notifications).toEqual([{ Action: "test", x: 1 }]);
    expect(wrapped.Id).toMatch(/^[0-9a-f]{32}$/);
    const given = { Id: "b", Notifications: [{ Action: "z" }] };
    const batchText = await (await customTestRequest({ secret: SECRET, payload: given })).text();
    expect(JSON.parse(batchText)).toEqual(given);
    expect(await (await customTestRequest({ secret: SECRET, payload: '{"a":1}' })).text()).toBe('{"a":1}');
    const bytes = new TextEncoder().encode('{"b":2}');
    expect(await (await customTestRequest({ secret: SECRET, payload: bytes })).text()).toBe('{"b":2}');
  });
});

function creationCode(make: () => unknown): string | undefined {
  try {
    make();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("custom() ?code= setup and transport", () => {
  it("refuses a code outside 32–128 characters when created, not at the first request", () => {
    for (const bad of ["x".repeat(31), "x".repeat(129), ["y".repeat(32), "short"]]) {
      expect(creationCode(() => custom({ secret: SECRET, code: bad }))).toBe("CONFIGURATION_INVALID");
    }
    expect(() => custom({ secret: SECRET, code: "x".repeat(31) })).toThrow(/between 32 and 128 characters/);
    for (const good of ["x".repeat(32), "x".repeat(128), ["y".repeat(32), "z".repeat(64)]]) {
      expect(creationCode(() => custom({ secret: SECRET, code: good }))).toBeUndefined();
    }
    // a function is looked up (and checked) per request
    expect(creationCode(() => custom({ secret: SECRET, code: () => "short" }))).toBeUndefined();
  });

  it("refuses ?code= over plain http unless allowHttp, or trustProxy with X-Forwarded-Proto https", async () => {
    const plain = `http://example.com/webhooks/custom?code=${CODE}`;
    const signature = await signAspNetWebHook(batch, SECRET);
    const signed = (headers: Record<string, string> = {}) =>
      request(batch, { "ms-signature": signature, ...headers }, plain);
    expect(await codeOf(custom({ secret: SECRET, code: CODE }).verify(signed()))).toBe("HTTPS_REQUIRED");
    expect((await custom({ secret: SECRET, code: CODE, allowHttp: true }).verify(signed())).provider).toBe(
      "custom",
    );
    const proxied = custom({ secret: SECRET, code: CODE, trustProxy: true });
    expect((await proxied.verify(signed({ "x-forwarded-proto": "https" }))).provider).toBe("custom");
    expect(await codeOf(proxied.verify(signed({ "x-forwarded-proto": "http" })))).toBe("HTTPS_REQUIRED");
  });
});

describe("msSignatureScheme", () => {
  const text = batch.toString("utf8");
  const hex = createHmac("sha256", SECRET).update(batch).digest("hex");
  const raw = (signature: string) => ({
    method: "POST",
    url: "https://example.com/webhooks/custom",
    headers: new Headers({ "ms-signature": signature }),
    body: new Uint8Array(batch),
  });

  it("signs sha256= + upper-case hex, as ASP.NET's sender (EncodingUtilities.ToHex)", async () => {
    const { headers } = await msSignatureScheme.sign({ body: new Uint8Array(batch), secret: SECRET });
    expect(headers).toEqual({ "ms-signature": `sha256=${hex.toUpperCase()}` });
    expect(await signAspNetWebHook(text, SECRET)).toBe(headers["ms-signature"]);
  });

  it("verifies hex in either case and the sha256 key in any case, against every secret", async () => {
    const other = "o".repeat(32);
    for (const value of [`sha256=${hex}`, `sha256=${hex.toUpperCase()}`, `SHA256=${hex}`, `Sha256=${hex}`]) {
      expect([value, await msSignatureScheme.verify(raw(value), [other, SECRET])]).toEqual([value, 1]);
    }
    expect(await msSignatureScheme.verify(raw(`sha256=${hex}`), [other])).toBe(-1);
    expect(await msSignatureScheme.verify(raw(`sha256=${hex.slice(2)}`), [SECRET])).toBe(-1);
  });
});

describe("@hookwire/custom/testing", () => {
  it("describes the package for tools: signed requests its receiver accepts, in upper-case hex", async () => {
    expect([descriptor.name, descriptor.packageName]).toEqual(["custom", "@hookwire/custom"]);
    const request = await descriptor.sign({
      secret: SECRET,
      event: "order.created",
      payload: { OrderId: 1 },
    });
    expect(request.headers.get("ms-signature")).toMatch(/^sha256=[0-9A-F]{64}$/);
    expect((await descriptor.receiver(SECRET).verify(request.clone())).type).toBe("order.created");
    expect(await codeOf(descriptor.receiver("o".repeat(32)).verify(request))).toBe("SIGNATURE_INVALID");
  });
});

runHmacProviderConformance({
  name: "custom",
  create: custom,
  testRequest: customTestRequest,
  payload: { OrderId: 1 },
  event: "order.created",
  type: "order.created",
  signatureHeader: "ms-signature",
  secrets: ["a".repeat(32), "b".repeat(32)],
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as batch when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("batch");
  });
});

describe("custom — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/batch.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/batch.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("custom — cases found by the third mutation run", () => {
  it("the descriptor's example is sent byte for byte as the fixture (indented JSON, as the ASP.NET sender writes it)", async () => {
    const sent = await descriptor.sign({ secret: "1".repeat(32), ...descriptor.example! });
    expect(await sent.text()).toBe(
      readFileSync(new URL("../test/fixtures/batch.json", import.meta.url), "utf8"),
    );
  });

  it("customTestRequest sends a null payload as given; the descriptor says which secret the CLI takes", async () => {
    expect(await (await customTestRequest({ secret: "1".repeat(32), payload: null })).text()).toBe("null");
    expect(descriptor.secretIs).toMatch(/ms-signature/);
  });
});
