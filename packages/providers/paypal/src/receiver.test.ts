import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { crc32, readCertificate } from "./certificate.js";
import { isPayPalCertUrl, paypal } from "./receiver.js";
import { descriptor, paypalSignature, paypalTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/payment-capture-completed.json", import.meta.url));
const KEY = readFileSync(new URL("../test/fixtures/test-key.pem", import.meta.url), "utf8");
// a self-signed certificate in PayPal's name: what a forger can make
const SELF_SIGNED = readFileSync(new URL("../test/fixtures/test-cert.pem", import.meta.url), "utf8");
const fixtureText = (name: string) =>
  readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
// the committed test CA: root (RSA) → intermediate (ECDSA P-256) → PayPal-named leaf (RSA, test-key.pem)
const ROOT = fixtureText("test-ca-root.pem");
const INTERMEDIATE = fixtureText("test-ca-intermediate.pem");
const LEAF = fixtureText("test-chain-leaf.pem");
const CERT = `${LEAF}${INTERMEDIATE}`;
const TRUST = { trustedCertificates: [ROOT] };
const CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-HOOKWIRE-TEST";
const WEBHOOK_ID = "1JE4291016473214C";

function certFetch() {
  return vi.fn(async (url: string | URL | Request) => {
    if (String(url) === CERT_URL) return new Response(CERT, { status: 200 });
    return new Response("not found", { status: 404 });
  });
}

function signed(overrides: Partial<Parameters<typeof paypalTestRequest>[0]> = {}) {
  return paypalTestRequest({ secret: KEY, webhookId: WEBHOOK_ID, payload: fixture, ...overrides });
}

describe("crc32 and the certificate reader", () => {
  it("computes the standard CRC-32 check value and agrees with zlib", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(fixture)).toBe(zlibCrc32(fixture));
  });

  it("reads the public key and validity period of a certificate", () => {
    const info = readCertificate(SELF_SIGNED);
    expect(info.notAfter).toBe(Date.UTC(2126, 9, 31, 10, 46, 11));
    expect(info.notBefore).toBe(Date.UTC(2026, 10, 24, 10, 46, 11));
    expect(info.spki[0]).toBe(0x30);
  });

  it("refuses garbage as a certificate with a coded error", () => {
    expect(() => readCertificate("nope")).toThrow(WebhookError);
    expect(() => readCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")).toThrow(
      /not valid/,
    );
  });

  it("accepts only PayPal https hosts as certificate URLs", () => {
    expect(isPayPalCertUrl("https://api.paypal.com/v1/notifications/certs/CERT-1")).toBe(true);
    expect(isPayPalCertUrl("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")).toBe(true);
    expect(isPayPalCertUrl("http://api.paypal.com/cert")).toBe(false);
    expect(isPayPalCertUrl("https://api.paypal.com.evil.example/cert")).toBe(false);
    expect(isPayPalCertUrl("https://evilpaypal.com/cert")).toBe(false);
    expect(isPayPalCertUrl("https://user@api.paypal.com/cert")).toBe(false);
    expect(isPayPalCertUrl("https://api.paypal.com:8443/cert")).toBe(false);
  });
});

describe("paypal() offline", () => {
  it("verifies PayPal's sample event signed with the test key, typed by event_type with the event id", async () => {
    const fetch = certFetch();
    const event = await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch }).verify(
      await signed({ id: "tx-1" }),
    );
    expect(event.type).toBe("PAYMENT.CAPTURE.COMPLETED");
    expect(event.id).toBe("WH-58D329510W468432D-8HN650336L201105X");
    expect(event.meta.transmissionId).toBe("tx-1");
    expect(event.meta.webhookId).toBe(WEBHOOK_ID);
    expect((event.payload as { resource: { amount: { value: string } } }).resource.amount.value).toBe("2.51");
  });

  it("verifies a signature made independently with node:crypto", async () => {
    const time = new Date().toISOString();
    const message = `t-2|${time}|${WEBHOOK_ID}|${zlibCrc32(fixture)}`;
    const sig = createSign("RSA-SHA256").update(message).sign(KEY, "base64");
    expect(
      await paypalSignature({
        transmissionId: "t-2",
        transmissionTime: time,
        webhookId: WEBHOOK_ID,
        body: fixture,
        privateKey: KEY,
      }),
    ).toBe(sig);
    const request = new Request("https://example.com/webhooks/paypal", {
      method: "POST",
      body: fixture,
      headers: {
        "content-type": "application/json",
        "paypal-transmission-id": "t-2",
        "paypal-transmission-time": time,
        "paypal-transmission-sig": sig,
        "paypal-cert-url": CERT_URL,
        "paypal-auth-algo": "SHA256withRSA",
      },
    });
    expect((await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() }).verify(request)).type).toBe(
      "PAYMENT.CAPTURE.COMPLETED",
    );
  });

  it("refuses a tampered body, a wrong webhook id and a changed transmission id", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() });
    const good = await signed();
    const tampered = Buffer.from(fixture);
    tampered[40] = tampered[40]! ^ 1;
    expect(
      await codeOf(
        receiver.verify(new Request(good.url, { method: "POST", headers: good.headers, body: tampered })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(paypal({ ...TRUST, webhookId: "OTHER", fetch: certFetch() }).verify(await signed())),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(await signed({ headers: { "paypal-transmission-id": "changed" } }))),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(await signed({ headers: { "paypal-transmission-sig": "%%%" } }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("accepts any of several webhook ids, or one looked up per request", async () => {
    const event = await paypal({ ...TRUST, webhookId: ["WH-OTHER", WEBHOOK_ID], fetch: certFetch() }).verify(
      await signed(),
    );
    expect(event.meta.webhookId).toBe(WEBHOOK_ID);
    const lookup = vi.fn(async () => WEBHOOK_ID);
    await paypal({ ...TRUST, webhookId: lookup, fetch: certFetch() }).verify(await signed());
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses a certificate URL off PayPal's hosts before fetching", async () => {
    const fetch = certFetch();
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch });
    for (const certUrl of [
      "https://evil.example/cert.pem",
      "http://api.sandbox.paypal.com/cert",
      "https://paypal.com.evil.example/c",
    ]) {
      expect(await codeOf(receiver.verify(await signed({ certUrl })))).toBe("SIGNATURE_INVALID");
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it("refuses a certificate outside its validity period", async () => {
    const later = Date.UTC(2127, 0, 1);
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch(), now: () => later });
    expect(await codeOf(receiver.verify(await signed({ timestamp: later / 1000 })))).toBe(
      "SIGNATURE_INVALID",
    );
    const before = Date.UTC(2026, 0, 1);
    const early = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch(), now: () => before });
    expect(await codeOf(early.verify(await signed({ timestamp: before / 1000 })))).toBe("SIGNATURE_INVALID");
  });

  it("caches certificates by URL and refetches after a failed download", async () => {
    const fetch = certFetch();
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch });
    await receiver.verify(await signed());
    await receiver.verify(await signed());
    expect(fetch).toHaveBeenCalledTimes(1);
    const missing = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-MISSING";
    expect(await codeOf(receiver.verify(await signed({ certUrl: missing })))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(await signed({ certUrl: missing })))).toBe("SIGNATURE_INVALID");
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("keeps the cache bounded", async () => {
    const fetch = vi.fn(async () => new Response(CERT));
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch, certificateCacheSize: 1 });
    const a = `${CERT_URL}-A`;
    const b = `${CERT_URL}-B`;
    await receiver.verify(await signed({ certUrl: a }));
    await receiver.verify(await signed({ certUrl: b }));
    await receiver.verify(await signed({ certUrl: a }));
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("refuses replayed and future transmission times, and malformed ones", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() });
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(await codeOf(receiver.verify(await signed({ timestamp: nowSeconds - 3600 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(receiver.verify(await signed({ timestamp: nowSeconds + 3600 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(
      await codeOf(receiver.verify(await signed({ headers: { "paypal-transmission-time": "yesterday" } }))),
    ).toBe("HEADER_INVALID");
    const lenient = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch(), toleranceSeconds: 7200 });
    expect((await lenient.verify(await signed({ timestamp: nowSeconds - 3600 }))).type).toBe(
      "PAYMENT.CAPTURE.COMPLETED",
    );
  });

  it("refuses missing headers, another algorithm, a wrong content type and a malformed body", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() });
    const good = await signed();
    for (const name of ["paypal-transmission-sig", "paypal-cert-url", "paypal-transmission-id"]) {
      const headers = new Headers(good.headers);
      headers.delete(name);
      expect(
        await codeOf(receiver.verify(new Request(good.url, { method: "POST", headers, body: fixture }))),
      ).toBe("SIGNATURE_MISSING");
    }
    expect(
      await codeOf(receiver.verify(await signed({ headers: { "paypal-auth-algo": "SHA1withRSA" } }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(await signed({ headers: { "content-type": "text/plain" } })))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(await codeOf(receiver.verify(await signed({ payload: "{oops" })))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await signed({ payload: { id: "x" } })))).toBe("PAYLOAD_INVALID");
  });

  it("refuses to be created without a webhook id, or in API mode without a token", () => {
    expect(() => paypal({ webhookId: "" })).toThrow(/webhookId option is missing/);
    expect(() => paypal({ ...TRUST, webhookId: "x", mode: "api" })).toThrow(/accessToken/);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({
      receivers: { paypal: paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() }) },
    });
    const values: string[] = [];
    hooks.on("paypal", "PAYMENT.CAPTURE.COMPLETED", (event) => {
      values.push(event.payload.resource.amount.value);
    });
    expect((await hooks.handle(await signed())).status).toBe(200);
    expect(values).toEqual(["2.51"]);
    const bad = await hooks.handle(await signed({ certUrl: "https://evil.example/c" }));
    expect(bad.status).toBe(401);
    expect(values).toEqual(["2.51"]);
  });
});

describe("paypal() offline: the signing certificate's chain and subject", () => {
  const serve = (body: string | Uint8Array, extra: Record<string, string | Uint8Array> = {}) =>
    vi.fn(async (url: string | URL | Request) => {
      if (String(url) === CERT_URL) return new Response(body as BodyInit);
      const other = extra[String(url)];
      return other === undefined
        ? new Response("not found", { status: 404 })
        : new Response(other as BodyInit);
    });

  it("accepts a PayPal-named leaf that chains through an ECDSA intermediate to the trusted root", async () => {
    const event = await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serve(CERT) }).verify(
      await signed(),
    );
    expect(event.type).toBe("PAYMENT.CAPTURE.COMPLETED");
  });

  it("refuses a self-signed certificate in PayPal's name: it does not chain to a trusted root", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serve(SELF_SIGNED) });
    const error = (await receiver.verify(await signed()).then(
      () => undefined,
      (e: unknown) => e,
    )) as WebhookError;
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toMatch(/does not chain to a trusted root/);
  });

  it("refuses a certificate of the trusted CA whose subject is not PayPal's signing name", async () => {
    const wrongCn = `${fixtureText("test-chain-wrong-cn.pem")}${INTERMEDIATE}`;
    const error = (await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serve(wrongCn) })
      .verify(await signed())
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as WebhookError;
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toMatch(/evil\.example\.com.*not one of PayPal's signing certificates/);
    // the subjects are configurable (e.g. live only): then the sandbox name is refused too
    const liveOnly = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch: serve(CERT),
      certificateSubjects: ["messageverificationcerts.paypal.com"],
    });
    expect(await codeOf(liveOnly.verify(await signed()))).toBe("SIGNATURE_INVALID");
  });

  it("refuses a leaf issued by a certificate that is not a CA", async () => {
    const chain = `${fixtureText("test-chain-leaf-under-not-ca.pem")}${fixtureText("test-chain-not-ca.pem")}${INTERMEDIATE}`;
    const error = (await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serve(chain) })
      .verify(await signed())
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as WebhookError;
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toMatch(/not a CA/);
  });

  it("refuses the test chain under the default trust anchors (DigiCert's roots)", async () => {
    expect(await codeOf(paypal({ webhookId: WEBHOOK_ID, fetch: serve(CERT) }).verify(await signed()))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("fetches a missing intermediate from the leaf's Authority Information Access URL", async () => {
    const aiaLeaf = fixtureText("test-chain-leaf-aia.pem");
    const intermediateDer = readFileSync(
      new URL("../test/fixtures/test-ca-intermediate.der", import.meta.url),
    );
    const fetch = serve(aiaLeaf, {
      "http://cacerts.hookwire.test/intermediate.crt": new Uint8Array(intermediateDer),
    });
    const event = await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch }).verify(await signed());
    expect(event.type).toBe("PAYMENT.CAPTURE.COMPLETED");
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      CERT_URL,
      "http://cacerts.hookwire.test/intermediate.crt",
    ]);
    // the leaf alone, without AIA and without its intermediate, does not validate
    expect(
      await codeOf(paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serve(LEAF) }).verify(await signed())),
    ).toBe("SIGNATURE_INVALID");
    // an AIA answer that is not the issuer does not help
    const wrong = serve(aiaLeaf, { "http://cacerts.hookwire.test/intermediate.crt": ROOT });
    expect(
      await codeOf(paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: wrong }).verify(await signed())),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses trustedCertificates that are not PEM certificates, at creation", () => {
    expect(() => paypal({ webhookId: WEBHOOK_ID, trustedCertificates: ["not a certificate"] })).toThrow(
      /trustedCertificates/,
    );
    expect(() => paypal({ webhookId: WEBHOOK_ID, trustedCertificates: [] })).toThrow(/trusted certificate/);
  });
});

describe("paypal() api mode", () => {
  it("sends the event to verify-webhook-signature byte for byte as received (1.0 stays 1.0, escapes kept)", async () => {
    const raw =
      '{"id":"WH-1","event_version":"1.0","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"amount":{"value":1.0,"total":10.50},"note":"caf\\u00e9 \\/ \\"q\\"","links":[]},"zz":1,"aa":2}';
    let sent: Uint8Array | undefined;
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      sent = init!.body as Uint8Array;
      return Response.json({ verification_status: "SUCCESS" });
    });
    const receiver = paypal({ webhookId: WEBHOOK_ID, mode: "api", fetch, accessToken: () => "t" });
    const event = await receiver.verify(await signed({ payload: raw }));
    expect(event.id).toBe("WH-1");
    const text = new TextDecoder().decode(sent);
    // the exact received bytes are in the request: no re-serialisation
    expect(text).toContain(`"webhook_event":${raw}}`);
    expect(text.endsWith(`${raw}}`)).toBe(true);
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw); // a re-serialisation would have changed them
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toMatchObject({ webhook_id: WEBHOOK_ID, auth_algo: "SHA256withRSA", cert_url: CERT_URL });
  });

  it("posts the headers and event to verify-webhook-signature and accepts SUCCESS", async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init! });
      const body = JSON.parse(new TextDecoder().decode(init!.body as Uint8Array)) as { webhook_id: string };
      return Response.json({ verification_status: body.webhook_id === WEBHOOK_ID ? "SUCCESS" : "FAILURE" });
    });
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      mode: "api",
      fetch,
      accessToken: async () => "A21AA",
      sandbox: true,
    });
    const event = await receiver.verify(await signed({ id: "tx-9" }));
    expect(event.type).toBe("PAYMENT.CAPTURE.COMPLETED");
    expect(calls[0]!.url).toBe("https://api-m.sandbox.paypal.com/v1/notifications/verify-webhook-signature");
    expect(new Headers(calls[0]!.init.headers).get("authorization")).toBe("Bearer A21AA");
    const sent = JSON.parse(new TextDecoder().decode(calls[0]!.init.body as Uint8Array));
    expect(sent).toMatchObject({
      transmission_id: "tx-9",
      webhook_id: WEBHOOK_ID,
      cert_url: CERT_URL,
      auth_algo: "SHA256withRSA",
      webhook_event: { id: "WH-58D329510W468432D-8HN650336L201105X" },
    });
    expect(
      await codeOf(
        paypal({ ...TRUST, webhookId: "WH-OTHER", mode: "api", fetch, accessToken: () => "t" }).verify(
          await signed(),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("reports an unauthorized token as a configuration error", async () => {
    const fetch = vi.fn(async () => new Response("{}", { status: 401 }));
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      mode: "api",
      fetch,
      accessToken: () => "expired",
    });
    expect(await codeOf(receiver.verify(await signed()))).toBe("CONFIGURATION_INVALID");
  });
});

describe("@hookwire/paypal/testing", () => {
  it("describes the package for tools: sign with a private key, listen with a webhook id", async () => {
    expect([descriptor.name, descriptor.packageName]).toEqual(["paypal", "@hookwire/paypal"]);
    const request = await descriptor.sign({ secret: KEY, payload: fixture });
    expect(request.headers.get("paypal-auth-algo")).toBe("SHA256withRSA");
    // signed for the default test webhook id, verified by a receiver trusting the test CA
    const trusting = paypal({ webhookId: "WH-HOOKWIRE-TEST", fetch: certFetch(), ...TRUST });
    expect((await trusting.verify(request.clone())).type).toBe("PAYMENT.CAPTURE.COMPLETED");
    // the descriptor's receiver is keyed by the webhook id; without PayPal's headers nothing is fetched
    const bare = new Request("https://example.com/webhooks/paypal", { method: "POST", body: fixture });
    expect(await codeOf(descriptor.receiver(WEBHOOK_ID).verify(bare))).toBe("SIGNATURE_MISSING");
  });
});
