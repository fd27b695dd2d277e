// The test helpers' defaults and their signature against node:crypto (cases found by mutation testing).
import { createVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { paypalSignature, paypalTestRequest } from "./testing.js";

const KEY = readFileSync(new URL("../test/fixtures/test-key.pem", import.meta.url), "utf8");
const CERT = readFileSync(new URL("../test/fixtures/test-chain-leaf.pem", import.meta.url), "utf8");

describe("paypalTestRequest", () => {
  it("sends PayPal's headers with its defaults, signed over id|time|webhook id|crc32", async () => {
    const body = '{"id":"WH-1","event_type":"X"}';
    const request = await paypalTestRequest({ secret: KEY, payload: body, timestamp: 1_800_000_000 });
    expect(request.method).toBe("POST");
    expect(request.url).toBe("https://example.com/webhooks/paypal");
    const h = Object.fromEntries(request.headers);
    expect(h).toMatchObject({
      "content-type": "application/json",
      "paypal-transmission-time": "2027-01-15T08:00:00Z",
      "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-HOOKWIRE-TEST",
      "paypal-auth-algo": "SHA256withRSA",
    });
    expect(h["paypal-transmission-id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const message = `${h["paypal-transmission-id"]}|2027-01-15T08:00:00Z|WH-HOOKWIRE-TEST|${zlibCrc32(Buffer.from(body))}`;
    expect(
      createVerify("RSA-SHA256").update(message).verify(CERT, h["paypal-transmission-sig"]!, "base64"),
    ).toBe(true);
    expect(await request.text()).toBe(body);
  });

  it("takes the id, webhook id, certificate URL, URL and extra headers given", async () => {
    const request = await paypalTestRequest({
      secret: KEY,
      payload: { id: "WH-2" },
      id: "tx-7",
      webhookId: "WH-MINE",
      certUrl: "https://api.paypal.com/v1/notifications/certs/CERT-X",
      url: "https://example.com/pp",
      headers: { "x-extra": "1" },
    });
    const h = Object.fromEntries(request.headers);
    expect([request.url, h["paypal-transmission-id"], h["paypal-cert-url"], h["x-extra"]]).toEqual([
      "https://example.com/pp",
      "tx-7",
      "https://api.paypal.com/v1/notifications/certs/CERT-X",
      "1",
    ]);
    const body = await request.text();
    expect(JSON.parse(body)).toEqual({ id: "WH-2" });
    const message = `tx-7|${h["paypal-transmission-time"]}|WH-MINE|${zlibCrc32(Buffer.from(body))}`;
    expect(
      createVerify("RSA-SHA256").update(message).verify(CERT, h["paypal-transmission-sig"]!, "base64"),
    ).toBe(true);
  });
});

describe("paypalSignature", () => {
  it("signs text and bytes alike, and refuses a key that is not PKCS#8 PEM", async () => {
    const input = {
      transmissionId: "t",
      transmissionTime: "2027-01-15T08:00:00Z",
      webhookId: "W",
      privateKey: KEY,
    };
    expect(await paypalSignature({ ...input, body: "é" })).toBe(
      await paypalSignature({ ...input, body: new TextEncoder().encode("é") }),
    );
    for (const privateKey of ["not a key", KEY.replace("PRIVATE KEY", "RSA PRIVATE KEY")]) {
      await expect(paypalSignature({ ...input, body: "{}", privateKey })).rejects.toThrow(
        /The private key must be a PKCS#8 PEM \(-----BEGIN PRIVATE KEY-----\)/,
      );
      await expect(paypalSignature({ ...input, body: "{}", privateKey })).rejects.toMatchObject({
        code: "CONFIGURATION_INVALID",
      });
    }
  });
});
