import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { zendesk } from "./receiver.js";
import { descriptor, ZENDESK_TEST_SECRET, zendeskSignature, zendeskTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/user-active-changed.json", import.meta.url));
const TS = "2099-07-04T05:33:19Z";
const now = () => Date.parse(TS) + 2000;

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/zendesk", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

// Signed independently of the package (node:crypto, Zendesk's documented scheme: base64
// HMAC-SHA256 of timestamp + body with the secret as it is); the package's helper must agree.
async function signed(body: string | Buffer, secret: string, timestamp = TS): Promise<Request> {
  const signature = createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]))
    .digest("base64");
  expect(await zendeskSignature(body, timestamp, secret)).toBe(signature);
  return request(body as BodyInit, {
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-signature": signature,
    "x-zendesk-webhook-id": "01GXYZ",
  });
}

describe("zendesk()", () => {
  it("signs timestamp + body with the secret verbatim (not base64-decoded), like an independent HMAC", async () => {
    const expected = createHmac("sha256", ZENDESK_TEST_SECRET)
      .update(TS + fixture.toString("utf8"))
      .digest("base64");
    expect(await zendeskSignature(fixture, TS, ZENDESK_TEST_SECRET)).toBe(expected);
    const decodedKey = createHmac("sha256", Buffer.from(ZENDESK_TEST_SECRET, "base64"))
      .update(TS + fixture.toString("utf8"))
      .digest("base64");
    const receiver = zendesk({ secret: ZENDESK_TEST_SECRET, now });
    const wrongKey = request(fixture, {
      "x-zendesk-webhook-signature-timestamp": TS,
      "x-zendesk-webhook-signature": decodedKey,
    });
    expect(await codeOf(receiver.verify(wrongKey))).toBe("SIGNATURE_INVALID");
  });

  it("verifies the documented event payload with its type, id and meta", async () => {
    const event = await zendesk({ secret: ZENDESK_TEST_SECRET, now }).verify(
      await signed(fixture, ZENDESK_TEST_SECRET),
    );
    expect(event.type).toBe("zen:event-type:user.active_changed");
    expect(event.id).toBe("2b24ef10-19d4-4740-93cf-8f98ec4776c0");
    expect(event.meta).toMatchObject({
      webhookId: "01GXYZ",
      accountId: 12514403,
      subject: "zen:user:6596848315901",
    });
  });

  it("names trigger/automation bodies `custom`, with the invocation id as the id", async () => {
    const body = JSON.stringify({ ticket_id: "35436", status: "open", id: "not-an-event-id" });
    const req = await signed(body, "s");
    const withInvocation = request(body, {
      ...Object.fromEntries(req.headers),
      "x-zendesk-webhook-invocation-id": "8350205582",
    });
    const event = await zendesk({ secret: "s", now }).verify(withInvocation);
    expect(event.type).toBe("custom");
    expect(event.id).toBe("8350205582");
    expect(event.meta).toMatchObject({ invocationId: "8350205582", method: "POST", format: "json" });
    expect((event.payload as { ticket_id: string }).ticket_id).toBe("35436");
    // without the header there is no id (never the body's own "id", which the admin wrote)
    expect((await zendesk({ secret: "s", now }).verify(await signed(body, "s"))).id).toBeUndefined();
  });

  it("accepts trigger/automation webhooks with GET, PUT, PATCH, DELETE and JSON, XML or form bodies", async () => {
    const receiver = zendesk({ secret: "s", now });
    async function zendeskRequest(
      method: string,
      body: string,
      contentType: string | undefined,
      url = "https://example.com/webhooks/zendesk",
    ): Promise<Request> {
      return new Request(url, {
        method,
        ...(body === "" ? {} : { body }),
        headers: {
          ...(contentType ? { "content-type": contentType } : {}),
          "x-zendesk-webhook-invocation-id": `inv-${method}`,
          "x-zendesk-webhook-signature-timestamp": TS,
          // an independent signer: Zendesk's documented scheme with node:crypto
          "x-zendesk-webhook-signature": createHmac("sha256", "s")
            .update(TS + body)
            .digest("base64"),
        },
      });
    }
    const xml = '<?xml version="1.0"?><ticket><id>35436</id></ticket>';
    const put = await receiver.verify(await zendeskRequest("PUT", xml, "application/xml; charset=utf-8"));
    expect(put).toMatchObject({ type: "custom", id: "inv-PUT", payload: xml });
    expect(put.meta).toMatchObject({ method: "PUT", format: "xml" });
    const patch = await receiver.verify(
      await zendeskRequest("PATCH", '{"status":"solved"}', "application/json"),
    );
    expect(patch).toMatchObject({ type: "custom", payload: { status: "solved" } });
    expect(patch.meta.format).toBe("json");
    const form = await receiver.verify(
      await zendeskRequest("POST", "ticket_id=35436&status=open", "application/x-www-form-urlencoded"),
    );
    expect(form.payload).toEqual({ ticket_id: "35436", status: "open" });
    expect(form.meta.format).toBe("form");
    for (const method of ["GET", "DELETE"]) {
      const event = await receiver.verify(
        await zendeskRequest(method, "", undefined, "https://example.com/webhooks/zendesk?ticket_id=35436"),
      );
      expect(event).toMatchObject({ type: "custom", id: `inv-${method}`, payload: { ticket_id: "35436" } });
      expect(event.meta).toMatchObject({ method, format: "query" });
    }
    // an unsigned GET is still refused, and a method Zendesk never uses too
    const unsigned = new Request("https://example.com/webhooks/zendesk?ticket_id=1", { method: "GET" });
    expect(await codeOf(receiver.verify(unsigned))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(await zendeskRequest("OPTIONS", "", undefined)))).toBe(
      "METHOD_NOT_ALLOWED",
    );
  });

  it("never takes a zen:event-type body for an event unless it is JSON", async () => {
    const receiver = zendesk({ secret: "s", now });
    const body = "type=zen%3Aevent-type%3Auser.created&id=1";
    const req = await signed(body, "s");
    const form = request(body, {
      ...Object.fromEntries(req.headers),
      "content-type": "application/x-www-form-urlencoded",
    });
    expect((await receiver.verify(form)).type).toBe("custom");
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const req = await signed(fixture, "old");
    expect((await zendesk({ secret: ["new", "old"], now }).verify(req.clone())).type).toBe(
      "zen:event-type:user.active_changed",
    );
    const lookup = vi.fn(async () => "old");
    await zendesk({ secret: lookup, now }).verify(req);
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, a changed timestamp, wrong secrets, missing and malformed headers", async () => {
    const receiver = zendesk({ secret: "s", now });
    const good = await signed(fixture, "s");
    const headers = Object.fromEntries(good.headers);
    const tampered = Buffer.from(fixture);
    tampered[60] = tampered[60]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, headers)))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { ...headers, "x-zendesk-webhook-signature-timestamp": "2099-07-04T05:33:20Z" }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(await signed(fixture, "wrong")))).toBe("SIGNATURE_INVALID");
    const { "x-zendesk-webhook-signature": _sig, ...noSignature } = headers;
    expect(await codeOf(receiver.verify(request(fixture, noSignature)))).toBe("SIGNATURE_MISSING");
    const { "x-zendesk-webhook-signature-timestamp": _ts, ...noTimestamp } = headers;
    expect(await codeOf(receiver.verify(request(fixture, noTimestamp)))).toBe("HEADER_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { ...headers, "x-zendesk-webhook-signature-timestamp": "yesterday" }),
        ),
      ),
    ).toBe("HEADER_INVALID");
    expect(
      await codeOf(receiver.verify(request(fixture, { ...headers, "x-zendesk-webhook-signature": "%%%" }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses replayed (old) and future timestamps, within a configurable tolerance", async () => {
    const old = await signed(fixture, "s", "2099-07-04T05:20:00Z");
    expect(await codeOf(zendesk({ secret: "s", now }).verify(old.clone()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(
      await codeOf(zendesk({ secret: "s", now }).verify(await signed(fixture, "s", "2099-07-04T05:45:00Z"))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await zendesk({ secret: "s", now, toleranceSeconds: 3600 }).verify(old)).type).toBe(
      "zen:event-type:user.active_changed",
    );
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = zendesk({ secret: "s", now });
    const text = await signed("ticket", "s");
    const asText = request("ticket", { ...Object.fromEntries(text.headers), "content-type": "text/plain" });
    expect(await codeOf(receiver.verify(asText))).toBe("UNSUPPORTED_MEDIA_TYPE");
    const notXml = request("ticket", {
      ...Object.fromEntries(text.headers),
      "content-type": "application/xml",
    });
    expect(await codeOf(receiver.verify(notXml))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await signed("{oops", "s")))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await signed('"text"', "s")))).toBe("PAYLOAD_INVALID");
  });

  it("refuses to be created without a secret", () => {
    expect(() => zendesk({ secret: "" })).toThrow(/secret option is missing/);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { zendesk: zendesk({ secret: "s" }) } });
    const names: string[] = [];
    hooks.on("zendesk", "zen:event-type:organization.created", (event) => {
      names.push(event.payload.detail.name);
    });
    const response = await hooks.handle(
      await zendeskTestRequest({
        secret: "s",
        event: "zen:event-type:organization.created",
        payload: { detail: { id: "1", name: "Acme" } },
      }),
    );
    expect(response.status).toBe(200);
    const forged = await hooks.handle(
      await zendeskTestRequest({
        secret: "x",
        event: "zen:event-type:organization.created",
        payload: { detail: { name: "Evil" } },
      }),
    );
    expect(forged.status).toBe(401);
    expect(names).toEqual(["Acme"]);
  });

  it("runs trigger/automation webhooks sent with GET, PUT, PATCH and DELETE through the router and the Node bridge", async () => {
    expect(zendesk({ secret: "s" }).methods).toEqual(["GET", "PUT", "PATCH", "DELETE"]);
    const hooks = createWebhooks({ receivers: { zendesk: zendesk({ secret: "s" }) } });
    const seen: string[] = [];
    hooks.on("zendesk", "custom", (event) => {
      seen.push(`${event.meta.method}:${event.meta.format}`);
    });
    const ts = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const headersFor = (body: string) => ({
      "x-zendesk-webhook-invocation-id": `inv-${Math.random()}`,
      "x-zendesk-webhook-signature-timestamp": ts,
      // an independent signer: Zendesk's documented scheme with node:crypto
      "x-zendesk-webhook-signature": createHmac("sha256", "s")
        .update(ts + body)
        .digest("base64"),
    });
    const url = "https://example.com/webhooks/zendesk?ticket_id=7";
    const json = '{"status":"solved"}';
    for (const method of ["PUT", "PATCH"]) {
      const response = await hooks.handle(
        new Request(url, {
          method,
          body: json,
          headers: { ...headersFor(json), "content-type": "application/json" },
        }),
      );
      expect(response.status).toBe(200);
    }
    for (const method of ["GET", "DELETE"]) {
      expect((await hooks.handle(new Request(url, { method, headers: headersFor("") }))).status).toBe(200);
    }
    // unsigned requests with these methods are refused, and OPTIONS is not a Zendesk method
    expect((await hooks.handle(new Request(url, { method: "DELETE" }))).status).toBe(401);
    const options = await hooks.handle(new Request(url, { method: "OPTIONS" }));
    expect(options.status).toBe(405);
    expect(options.headers.get("allow")).toBe("POST, GET, PUT, PATCH, DELETE");
    expect(seen).toEqual(["PUT:json", "PATCH:json", "GET:query", "DELETE:query"]);

    // the Node bridge every adapter uses
    const { createNodeHandler } = await import("@hookwire/core/node");
    const { createServer } = await import("node:http");
    const server = createServer(createNodeHandler(hooks));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const put = await fetch(`http://127.0.0.1:${port}/webhooks/zendesk`, {
        method: "PUT",
        body: json,
        headers: { ...headersFor(json), "content-type": "application/json" },
      });
      expect(put.status).toBe(200);
      const del = await fetch(`http://127.0.0.1:${port}/webhooks/zendesk?ticket_id=7`, {
        method: "DELETE",
        headers: headersFor(""),
      });
      expect(del.status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen.slice(4)).toEqual(["PUT:json", "DELETE:query"]);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = Buffer.from(
            JSON.stringify({
              type: "zen:event-type:user.created",
              id: "1",
              detail: Buffer.from(bytes).toString("base64"),
            }),
          );
          const receiver = zendesk({ secret, now });
          const good = await signed(body, secret);
          await expect(receiver.verify(good.clone())).resolves.toBeTruthy();
          const tampered = Buffer.from(body);
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, Object.fromEntries(good.headers))))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("zendesk() — cases found by mutation testing", () => {
  const P = "[@hookwire/zendesk]";
  const receiver = zendesk({ secret: "s", now });
  const withType = async (body: string, type: string, extra: Record<string, string> = {}) => {
    const r = await signed(body, "s");
    r.headers.set("content-type", type);
    for (const [k, v] of Object.entries(extra)) r.headers.set(k, v);
    return r;
  };

  it("refuses blank signature and timestamp headers, bad timestamps and wrong signatures with exact messages", async () => {
    const base = await signed(fixture, "s");
    const variant = (headers: Record<string, string>) => {
      const r = base.clone();
      for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
      return r;
    };
    await expect(receiver.verify(variant({ "x-zendesk-webhook-signature": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Zendesk-Webhook-Signature header is missing.`,
    });
    await expect(
      receiver.verify(variant({ "x-zendesk-webhook-signature-timestamp": " " })),
    ).rejects.toMatchObject({
      code: "HEADER_INVALID",
      message: `${P} The X-Zendesk-Webhook-Signature-Timestamp header is missing.`,
    });
    await expect(
      receiver.verify(variant({ "x-zendesk-webhook-signature-timestamp": "soon" })),
    ).rejects.toMatchObject({
      code: "HEADER_INVALID",
      message: `${P} The X-Zendesk-Webhook-Signature-Timestamp header is not a date.`,
    });
    await expect(receiver.verify(await signed(fixture, "other"))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
  });

  it("reads a Unix-seconds timestamp (up to 15 digits) and signs it as sent", async () => {
    const seconds = String(Math.floor(Date.parse(TS) / 1000));
    expect((await receiver.verify(await signed(fixture, "s", seconds))).type).toBe(
      "zen:event-type:user.active_changed",
    );
    // 16 digits is not seconds: parsed as a date, which it is not
    expect(await codeOf(receiver.verify(await signed(fixture, "s", "1".repeat(16))))).toBe("HEADER_INVALID");
    const strict = zendesk({ secret: "s", now: () => Date.parse(TS) + 400_000 });
    expect(await codeOf(strict.verify(await signed(fixture, "s", seconds)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("names and identifies subscribed events only from JSON with a zen:event-type type", async () => {
    const event = (payload: Record<string, unknown>, type = "application/json") =>
      withType(JSON.stringify(payload), type, { "x-zendesk-webhook-invocation-id": " inv-1 " });
    const sub = await receiver.verify(
      await event({ type: "zen:event-type:x", id: "e1", account_id: 5, subject: "s" }),
    );
    expect([sub.type, sub.id, sub.meta.invocationId, sub.meta.accountId, sub.meta.subject]).toEqual([
      "zen:event-type:x",
      "e1",
      "inv-1",
      5,
      "s",
    ]);
    const noId = await receiver.verify(
      await event({ type: "zen:event-type:x", id: 5, account_id: "5", subject: 1 }),
    );
    expect([noId.id, noId.meta.accountId, noId.meta.subject]).toEqual([undefined, undefined, undefined]);
    const custom = await receiver.verify(await event({ type: "ticket.created", id: "e2" }));
    expect([custom.type, custom.id, custom.meta.format, custom.meta.method]).toEqual([
      "custom",
      "inv-1",
      "json",
      "POST",
    ]);
    const vendorJson = await receiver.verify(
      await event({ type: "zen:event-type:y", id: "e3" }, "application/vnd.api+json"),
    );
    expect([vendorJson.type, vendorJson.id]).toEqual(["zen:event-type:y", "e3"]);
    const notType = await receiver.verify(await event({ type: 7 }));
    expect(notType.type).toBe("custom");
    const blankInvocation = await receiver.verify(
      await withType(JSON.stringify({ a: 1 }), "application/json", {
        "x-zendesk-webhook-invocation-id": " ",
      }),
    );
    expect([blankInvocation.id, blankInvocation.meta.invocationId]).toEqual([undefined, undefined]);
    expect(blankInvocation.meta.webhookId).toBe("01GXYZ");
  });

  it("reads XML (any +xml type, with a BOM) and refuses XML that does not start with an element", async () => {
    for (const type of ["application/xml", "text/xml", "application/atom+xml"]) {
      const event = await receiver.verify(await withType("\uFEFF <ticket/>", type));
      expect([type, event.meta.format, event.payload]).toEqual([type, "xml", " <ticket/>"]);
    }
    await expect(receiver.verify(await withType("ticket", "application/xml"))).rejects.toMatchObject({
      code: "PAYLOAD_INVALID",
      message: `${P} The XML body does not start with an element.`,
    });
    await expect(receiver.verify(await withType("a", "text/plain"))).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `${P} Content-Type "text/plain" is not a Zendesk request format; expected application/json, application/xml or application/x-www-form-urlencoded.`,
    });
    const form = await receiver.verify(await withType("a=1&b=2", "application/x-www-form-urlencoded"));
    expect([form.meta.format, form.payload]).toEqual(["form", { a: "1", b: "2" }]);
  });

  it("enforces maxBodyBytes on a Web Request, and needs an options object", async () => {
    expect(
      await codeOf(zendesk({ secret: "s", now, maxBodyBytes: 8 }).verify(await signed(fixture, "s"))),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(() => zendesk(undefined as never)).toThrow(/secret option is missing/);
    expect((await receiver.verify(await signed(fixture, "s"))).receivedAt.getTime()).toBe(now());
  });
});

describe("zendeskTestRequest()", () => {
  it("wraps an object payload given with an event as an event subscription, signed at the given second", async () => {
    const req = await zendeskTestRequest({
      secret: "s",
      event: "zen:event-type:user.created",
      payload: { detail: { id: "1" } },
      timestamp: 4_102_444_800,
    });
    expect(req.headers.get("x-zendesk-webhook-signature-timestamp")).toBe("2100-01-01T00:00:00Z");
    expect(req.headers.get("user-agent")).toBe("Zendesk Webhook");
    expect(req.headers.get("x-zendesk-webhook-id")).toBe("01HOOKWIRETEST");
    const body = JSON.parse(await req.clone().text());
    expect(body).toMatchObject({
      type: "zen:event-type:user.created",
      account_id: 1,
      time: "2100-01-01T00:00:00Z",
      zendesk_event_version: "2022-11-06",
      subject: "zen:test:1",
      detail: { id: "1" },
      event: {},
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    const at = () => 4_102_444_800_000;
    expect((await zendesk({ secret: "s", now: at }).verify(req)).type).toBe("zen:event-type:user.created");
    const given = JSON.parse(
      await (await zendeskTestRequest({ secret: "s", event: "e", payload: {}, id: "i1" })).text(),
    );
    expect(given.id).toBe("i1");
  });

  it("sends payloads with a type, without an event, or as text or bytes as given", async () => {
    const text = async (input: Parameters<typeof zendeskTestRequest>[0]) =>
      (await zendeskTestRequest(input)).text();
    expect(JSON.parse(await text({ secret: "s", event: "e", payload: { type: "t" } }))).toEqual({
      type: "t",
    });
    expect(JSON.parse(await text({ secret: "s", payload: { a: 1 } }))).toEqual({ a: 1 });
    expect(await text({ secret: "s", event: "e", payload: '{"b":2}' })).toBe('{"b":2}');
    expect(await text({ secret: "s", event: "e", payload: new TextEncoder().encode('{"c":3}') })).toBe(
      '{"c":3}',
    );
    expect(await zendeskSignature(new TextEncoder().encode("é"), TS, "k")).toBe(
      await zendeskSignature("é", TS, "k"),
    );
  });

  it("refuses methods Zendesk does not use, naming those it does, with an Allow header", async () => {
    const { toWebhookRequest } = await import("@hookwire/core");
    const options = await toWebhookRequest(
      new Request("https://example.com/webhooks/zendesk", {
        method: "OPTIONS",
        headers: {
          "x-zendesk-webhook-signature-timestamp": TS,
          "x-zendesk-webhook-signature": await zendeskSignature("", TS, "s"),
        },
      }),
    );
    const error = await zendesk({ secret: "s", now })
      .verify(options)
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code: string; headers?: Record<string, string> },
      );
    expect(error?.code).toBe("METHOD_NOT_ALLOWED");
    expect(error?.message).toBe(
      "[@hookwire/zendesk] OPTIONS is not a method Zendesk webhooks use (POST, GET, PUT, PATCH, DELETE).",
    );
  });
});

runHmacProviderConformance({
  name: "zendesk",
  create: zendesk,
  testRequest: zendeskTestRequest,
  payload: { detail: { id: "6596848315901" } },
  event: "zen:event-type:user.created",
  type: "zen:event-type:user.created",
  signatureHeader: "x-zendesk-webhook-signature",
  toleranceSeconds: 300,
});

describe("descriptor (@hookwire/zendesk/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "zendesk",
    example: {
      payload: { detail: { id: "1" } },
      event: "zen:event-type:user.created",
      type: "zen:event-type:user.created",
    },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toBeUndefined();
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as zen:event-type:user.active_changed when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe(
      "zen:event-type:user.active_changed",
    );
  });
});

describe("zendesk — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/user-active-changed.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/user-active-changed.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("zendesk — cases found by the third mutation run", () => {
  const mac = (timestamp: string, body: string | Uint8Array, secret: string) =>
    createHmac("sha256", secret)
      .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]))
      .digest("base64");

  it("a wrong signature with an expired timestamp is SIGNATURE_INVALID: the time is checked after the signature", async () => {
    const expired = "2099-07-04T04:00:00Z";
    const body = fixture.toString("utf8");
    const wrong = request(body, {
      "x-zendesk-webhook-signature-timestamp": expired,
      "x-zendesk-webhook-signature": mac(expired, body, "other"),
    });
    expect(await codeOf(zendesk({ secret: "s", now }).verify(wrong))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(zendesk({ secret: "s", now }).verify(await signed(body, "s", expired)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("zendeskScheme.sign signs with the first of several secrets, and with the current time when none is given", async () => {
    const { zendeskScheme } = await import("./scheme.js");
    const body = new Uint8Array(fixture);
    const before = Math.floor(Date.now() / 1000);
    const { headers } = await zendeskScheme.sign({ body, secret: ["first", "second"] });
    const after = Math.floor(Date.now() / 1000);
    const timestamp = headers["X-Zendesk-Webhook-Signature-Timestamp"]!;
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const seconds = Date.parse(timestamp) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    expect(headers["X-Zendesk-Webhook-Signature"]).toBe(mac(timestamp, body, "first"));
  });

  it("another method is refused with an Allow header listing Zendesk's methods", async () => {
    const signedPost = await signed(fixture.toString("utf8"), "s");
    const error = await zendesk({ secret: "s", now })
      .verify(new Request(signedPost, { method: "OPTIONS" }))
      .then(
        () => undefined,
        (e: { code: string; headers: Record<string, string> }) => e,
      );
    expect(error?.code).toBe("METHOD_NOT_ALLOWED");
    expect(error?.headers).toEqual({ allow: "POST, GET, PUT, PATCH, DELETE" });
  });

  it("names the provider, keeps a U+FEFF inside XML, and says (none) for a body without content type", async () => {
    const event = await zendesk({ secret: "s", now }).verify(await signed(fixture, "s"));
    expect(event.provider).toBe("zendesk");
    const xml = "<ticket><title>a\uFEFFb</title></ticket>";
    const xmlRequest = await signed(xml, "s");
    const withXml = new Request(xmlRequest, {
      headers: { ...Object.fromEntries(xmlRequest.headers), "content-type": "application/xml" },
    });
    expect((await zendesk({ secret: "s", now }).verify(withXml)).payload).toBe(xml);
    const untyped = await signed(fixture, "s");
    const headers = Object.fromEntries(untyped.headers);
    delete headers["content-type"];
    const bare = new Request("https://example.com/webhooks/zendesk", {
      method: "POST",
      body: new Blob([fixture]).stream(),
      headers,
      duplex: "half",
    } as RequestInit);
    await expect(zendesk({ secret: "s", now }).verify(bare)).rejects.toThrow(/Content-Type \(none\)/);
  });

  it("zendeskTestRequest sends a null payload as given", async () => {
    expect(await (await zendeskTestRequest({ secret: "s", event: "x", payload: null })).text()).toBe("null");
  });

  it("toleranceSeconds applies without a custom clock (the real time)", async () => {
    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const body = fixture.toString("utf8");
    expect(
      await codeOf(
        zendesk({ secret: "s", toleranceSeconds: 60 }).verify(await signed(body, "s", twoMinutesAgo)),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await zendesk({ secret: "s" }).verify(await signed(body, "s", twoMinutesAgo))).type).toBe(
      JSON.parse(body).type,
    );
  });
});

describe("zendesk: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => zendesk({ secret: ZENDESK_TEST_SECRET, toleranceSeconds: Number.NaN })).toThrow(
      /^\[@hookwire\/zendesk\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
