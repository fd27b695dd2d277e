import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { zendesk } from "./receiver.js";
import { ZENDESK_TEST_SECRET, zendeskSignature, zendeskTestRequest } from "./testing.js";

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

async function signed(body: string | Buffer, secret: string, timestamp = TS): Promise<Request> {
  return request(body as BodyInit, {
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-signature": await zendeskSignature(body, timestamp, secret),
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

  it("names trigger/automation bodies `custom` with no id", async () => {
    const body = JSON.stringify({ ticket_id: "35436", status: "open", id: "not-an-event-id" });
    const event = await zendesk({ secret: "s", now }).verify(await signed(body, "s"));
    expect(event.type).toBe("custom");
    expect(event.id).toBeUndefined();
    expect((event.payload as { ticket_id: string }).ticket_id).toBe("35436");
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
    const xml = await signed("<ticket/>", "s");
    const asXml = request("<ticket/>", {
      ...Object.fromEntries(xml.headers),
      "content-type": "application/xml",
    });
    expect(await codeOf(receiver.verify(asXml))).toBe("UNSUPPORTED_MEDIA_TYPE");
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
