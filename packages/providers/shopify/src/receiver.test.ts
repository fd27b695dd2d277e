import "@shopify/shopify-api/adapters/web-api";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { createSHA256HMAC, HashFormat } from "@shopify/shopify-api/runtime";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { shopify } from "./receiver.js";
import { shopifyScheme } from "./scheme.js";
import { descriptor, shopifySignature, shopifyTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/customers-redact.json", import.meta.url));
const SECRET = "shpss_0123456789abcdef0123456789abcdef";

const sdk = (secret: string) =>
  shopifyApi({
    apiKey: "hookwire-test-key",
    apiSecretKey: secret,
    scopes: [],
    hostName: "example.com",
    apiVersion: ApiVersion.October25,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: () => {} },
  });

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/shopify", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": "customers/redact",
      "X-Shopify-Shop-Domain": "hookwire-test.myshopify.com",
      "X-Shopify-API-Version": "2025-10",
      "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      ...headers,
    },
  });
}

describe("shopify()", () => {
  it("verifies a body signed by @shopify/shopify-api's own HMAC helpers", async () => {
    const text = fixture.toString("utf8");
    for (const signature of [
      getHmac(text, SECRET),
      await createSHA256HMAC(SECRET, text, HashFormat.Base64),
    ]) {
      const event = await shopify({ secret: SECRET }).verify(
        request(fixture, { "X-Shopify-Hmac-Sha256": signature }),
      );
      expect(event.type).toBe("customers/redact");
      expect(event.id).toBe("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
      expect((event.payload as { orders_to_redact: number[] }).orders_to_redact).toEqual([
        299938, 280263, 220458,
      ]);
      expect(event.meta).toMatchObject({
        delivery: "webhooks",
        shopDomain: "hookwire-test.myshopify.com",
        apiVersion: "2025-10",
      });
    }
  });

  it("signs requests that @shopify/shopify-api's webhooks.validate accepts, and it refuses a wrong secret", async () => {
    const signed = await shopifyTestRequest({
      secret: SECRET,
      event: "orders/create",
      id: "wh-1",
      payload: { id: 820982911946154500, name: "#9999" },
    });
    const rawBody = await signed.clone().text();
    const result = await sdk(SECRET).webhooks.validate({ rawBody, rawRequest: signed.clone() });
    expect(result).toMatchObject({ valid: true, topic: "ORDERS_CREATE", webhookId: "wh-1" });
    const other = await sdk("another-secret").webhooks.validate({ rawBody, rawRequest: signed.clone() });
    expect(other).toMatchObject({ valid: false, reason: "invalid_hmac" });

    const events = await shopifyTestRequest({
      secret: SECRET,
      event: "orders/create",
      delivery: "events",
      payload: { id: 1 },
    });
    const eventsResult = await sdk(SECRET).webhooks.validate({
      rawBody: await events.clone().text(),
      rawRequest: events.clone(),
    });
    expect(eventsResult).toMatchObject({ valid: true, webhookType: "events", topic: "ORDERS_CREATE" });
  });

  it("verifies Shopify Events deliveries on the lower-case shopify-* headers", async () => {
    const signed = await shopifyTestRequest({
      secret: SECRET,
      event: "orders/create",
      delivery: "events",
      id: "wh-events-1",
      payload: { id: 1 },
      headers: { "shopify-handle": "my-handle", "shopify-action": "create", "shopify-resource-id": "1" },
    });
    const body = await signed.clone().arrayBuffer();
    expect(signed.headers.get("x-shopify-hmac-sha256")).toBeNull();
    const event = await shopify({ secret: SECRET }).verify(signed);
    expect(event.type).toBe("orders/create");
    expect(event.id).toBe("wh-events-1");
    expect(event.meta).toMatchObject({ delivery: "events", handle: "my-handle", action: "create" });
    // an Events delivery is checked on its own header: a valid X-Shopify header beside a bad one does not help
    const mixed = new Request(signed.url, {
      method: "POST",
      headers: {
        ...Object.fromEntries(signed.headers),
        "shopify-hmac-sha256": await shopifySignature("{}", SECRET),
        "x-shopify-hmac-sha256": signed.headers.get("shopify-hmac-sha256")!,
      },
      body,
    });
    expect(await codeOf(shopify({ secret: SECRET }).verify(mixed))).toBe("SIGNATURE_INVALID");
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = shopify({ secret: SECRET });
    const signature = await shopifySignature(fixture, SECRET);
    const tampered = Buffer.from(fixture);
    tampered[12] = tampered[12]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "X-Shopify-Hmac-Sha256": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { "X-Shopify-Hmac-Sha256": await shopifySignature(fixture, "wrong") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    // hex of the right MAC is not what Shopify sends
    const hex = Buffer.from(signature, "base64").toString("hex");
    expect(await codeOf(receiver.verify(request(fixture, { "X-Shopify-Hmac-Sha256": hex })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request(fixture, { "X-Shopify-Hmac-Sha256": "%%%" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a missing topic and a body that is not a JSON object after a valid signature", async () => {
    const receiver = shopify({ secret: SECRET });
    const signature = await shopifySignature(fixture, SECRET);
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "X-Shopify-Hmac-Sha256": signature, "X-Shopify-Topic": "" })),
      ),
    ).toBe("HEADER_INVALID");
    for (const body of ["{not json", "[1,2]", ""]) {
      const bodySignature = await shopifySignature(body, SECRET);
      expect(await codeOf(receiver.verify(request(body, { "X-Shopify-Hmac-Sha256": bodySignature })))).toBe(
        "PAYLOAD_INVALID",
      );
    }
  });

  it("gives every delivery its webhook id, so the router's idempotency store drops Shopify's retries", async () => {
    const hooks = createWebhooks({ receivers: { shopify: shopify({ secret: SECRET }) }, idempotency: true });
    const names: string[] = [];
    hooks.on("shopify", "orders/create", (event) => {
      names.push(event.payload.name);
    });
    const first = { secret: SECRET, event: "orders/create", id: "same-webhook", payload: { name: "#1" } };
    expect((await hooks.handle(await shopifyTestRequest(first))).status).toBe(200);
    expect((await hooks.handle(await shopifyTestRequest(first))).status).toBeLessThan(300);
    const next = { ...first, id: "next-webhook", payload: { name: "#2" } };
    expect((await hooks.handle(await shopifyTestRequest(next))).status).toBe(200);
    expect(names).toEqual(["#1", "#2"]);
  });

  it("states Shopify's 5 s deadline", () => {
    expect(shopify({ secret: SECRET }).deadlineMs).toBe(5_000);
  });

  runDescriptorConformance(descriptor, { name: "shopify", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { a: 1 } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "shopify",
  create: shopify,
  testRequest: shopifyTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  event: "customers/redact",
  type: "customers/redact",
  signatureHeader: "x-shopify-hmac-sha256",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as customers/redact when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("customers/redact");
  });
});

describe("shopify() meta and ids", () => {
  it("reads every X-Shopify header into meta, trimmed, and a blank one as undefined", async () => {
    const text = fixture.toString("utf8");
    const event = await shopify({ secret: SECRET }).verify(
      request(fixture, {
        "X-Shopify-Hmac-Sha256": getHmac(text, SECRET),
        "X-Shopify-Topic": " orders/create ",
        "X-Shopify-Webhook-Id": " wh-7 ",
        "X-Shopify-Event-Id": "ev-1",
        "X-Shopify-Triggered-At": "2025-10-01T00:00:00.000Z",
        "X-Shopify-Sub-Topic": "sub",
        "X-Shopify-Name": "name-1",
        "X-Shopify-Handle": "handle-1",
        "X-Shopify-Action": "update",
        "X-Shopify-Resource-Id": "42",
        "X-Shopify-API-Version": "",
        // the Events headers of a webhooks delivery are not read
        "shopify-shop-domain": "other.myshopify.com",
      }),
    );
    expect(event.type).toBe("orders/create");
    expect(event.id).toBe("wh-7");
    expect(event.meta).toEqual({
      delivery: "webhooks",
      shopDomain: "hookwire-test.myshopify.com",
      apiVersion: undefined,
      eventId: "ev-1",
      triggeredAt: "2025-10-01T00:00:00.000Z",
      subTopic: "sub",
      name: "name-1",
      handle: "handle-1",
      action: "update",
      resourceId: "42",
    });
  });

  it("refuses a missing or blank topic by its header name, per delivery kind", async () => {
    const text = fixture.toString("utf8");
    for (const topic of ["", "  "]) {
      let error: { code?: string; message?: string } = {};
      try {
        await shopify({ secret: SECRET }).verify(
          request(fixture, { "X-Shopify-Hmac-Sha256": getHmac(text, SECRET), "X-Shopify-Topic": topic }),
        );
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error).toMatchObject({
        code: "HEADER_INVALID",
        message: "[@hookwire/shopify] The x-shopify-topic header is missing.",
      });
    }
    const events = await shopifyTestRequest({ secret: SECRET, delivery: "events", payload: { id: 1 } });
    const headers = Object.fromEntries(events.headers);
    delete headers["shopify-topic"];
    let error: { code?: string; message?: string } = {};
    try {
      await shopify({ secret: SECRET }).verify(
        new Request(events.url, { method: "POST", headers, body: await events.text() }),
      );
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({
      code: "HEADER_INVALID",
      message: "[@hookwire/shopify] The shopify-topic header is missing.",
    });
  });

  it("names the package and the client secret when the signature is missing", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await shopify({ secret: SECRET }).verify(request(fixture, {}));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/shopify]");
    expect(error.message).toContain("Shopify signs every HTTPS delivery with the app's client secret.");
  });

  it("shopifyTestRequest: Shopify's headers with their defaults, Triggered-At from the timestamp, fresh UUIDs", async () => {
    const signed = await shopifyTestRequest({ secret: SECRET, payload: { id: 1 }, timestamp: 1_700_000_000 });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(signed.url).toBe("https://example.com/webhooks/shopify");
    expect(signed.headers.get("user-agent")).toBe("Shopify-Captain-Hook");
    expect(signed.headers.get("x-shopify-topic")).toBe("app/uninstalled");
    expect(signed.headers.get("x-shopify-shop-domain")).toBe("hookwire-test.myshopify.com");
    expect(signed.headers.get("x-shopify-api-version")).toBe("2025-10");
    expect(signed.headers.get("x-shopify-triggered-at")).toBe("2023-11-14T22:13:20.000Z");
    expect(signed.headers.get("x-shopify-webhook-id")).toMatch(uuid);
    expect(signed.headers.get("x-shopify-event-id")).toMatch(uuid);
    expect(signed.headers.get("x-shopify-event-id")).not.toBe(signed.headers.get("x-shopify-webhook-id"));
    expect(signed.headers.get("x-shopify-hmac-sha256")).toBe(getHmac(await signed.text(), SECRET));
    const chosen = await shopifyTestRequest({
      secret: SECRET,
      payload: { id: 1 },
      shopDomain: "shop.myshopify.com",
      apiVersion: "2024-01",
      id: "wh-2",
    });
    expect(chosen.headers.get("x-shopify-shop-domain")).toBe("shop.myshopify.com");
    expect(chosen.headers.get("x-shopify-api-version")).toBe("2024-01");
    expect(chosen.headers.get("x-shopify-webhook-id")).toBe("wh-2");
    const before = Date.now();
    const now = await shopifyTestRequest({ secret: SECRET, payload: { id: 1 } });
    const at = Date.parse(now.headers.get("x-shopify-triggered-at")!);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it("applies maxBodyBytes, and refuses to be created without options with a coded error", async () => {
    const text = fixture.toString("utf8");
    const signature = getHmac(text, SECRET);
    expect(
      await codeOf(
        shopify({ secret: SECRET, maxBodyBytes: 16 }).verify(
          request(fixture, { "X-Shopify-Hmac-Sha256": signature }),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(
        shopify({ secret: SECRET, maxBodyBytes: 4096 }).verify(
          request(fixture, { "X-Shopify-Hmac-Sha256": signature }),
        ),
      ),
    ).toBe("OK");
    expect(() => shopify(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(shopify({ secret: SECRET }).provider).toBe("shopify");
  });

  it("descriptor: the example is the fixture (Shopify's customers/redact), its secret and event named", () => {
    expect(descriptor.example).toEqual({
      payload: JSON.parse(fixture.toString("utf8")),
      event: "customers/redact",
    });
    expect(descriptor.secretIs).toBe("the app's client secret (API secret key)");
    expect(descriptor.eventOption).toBe("X-Shopify-Topic (orders/create, app/uninstalled…)");
  });
});

describe("shopifyScheme", () => {
  it("signs as a webhooks delivery (X-Shopify-Hmac-Sha256), what @shopify/shopify-api computes", async () => {
    const { headers } = await shopifyScheme.sign({ body: fixture, secret: SECRET });
    expect(headers).toEqual({ "X-Shopify-Hmac-Sha256": getHmac(fixture.toString("utf8"), SECRET) });
  });
});
