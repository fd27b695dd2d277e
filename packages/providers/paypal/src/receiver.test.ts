import { createPrivateKey, createPublicKey, createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { codeOf, refusalOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { authorityInfoAccess, ecKey, keyUsage, OIDS, testCa, testLeaf } from "../test/certificates.js";
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

describe("paypal() — cases found by mutation testing", () => {
  const errorOf = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as WebhookError;

  it("accepts other *.paypal.com hosts as certificate URLs, and refuses unparsable URLs and passwords", () => {
    expect(isPayPalCertUrl("https://www.paypal.com/cert")).toBe(true);
    expect(isPayPalCertUrl("https://API.PAYPAL.COM/cert")).toBe(true);
    expect(isPayPalCertUrl("https://paypal.com/cert")).toBe(false);
    expect(isPayPalCertUrl("not a url")).toBe(false);
    expect(isPayPalCertUrl("https://:secret@api.paypal.com/cert")).toBe(false);
  });

  it("refuses an unknown mode, and offline mode without certificate subjects, at creation", () => {
    expect(() => paypal({ ...TRUST, webhookId: WEBHOOK_ID, mode: "soap" as "api" })).toThrow(
      /mode must be "offline" or "api"/,
    );
    expect(() => paypal({ ...TRUST, webhookId: WEBHOOK_ID, certificateSubjects: [] })).toThrow(
      /at least one trusted certificate and one certificate subject/,
    );
    // API mode does not use them
    expect(
      paypal({ webhookId: WEBHOOK_ID, mode: "api", accessToken: () => "t", certificateSubjects: [] })
        .provider,
    ).toBe("paypal");
  });

  it("compares certificate subjects case-insensitively and the algorithm name in any case", async () => {
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch: certFetch(),
      certificateSubjects: ["MessageVerificationCerts.Sandbox.PayPal.com"],
    });
    const event = await receiver.verify(await signed({ headers: { "paypal-auth-algo": "sha256withrsa" } }));
    expect(event.meta.authAlgo).toBe("sha256withrsa");
  });

  it("names each missing or empty header, and refuses a signature that decodes to nothing", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch() });
    const good = await signed();
    for (const name of [
      "paypal-transmission-id",
      "paypal-transmission-time",
      "paypal-transmission-sig",
      "paypal-cert-url",
      "paypal-auth-algo",
    ]) {
      const headers = new Headers(good.headers);
      headers.delete(name);
      const error = await errorOf(
        receiver.verify(new Request(good.url, { method: "POST", headers, body: fixture })),
      );
      expect(error.code).toBe("SIGNATURE_MISSING");
      expect(error.message).toBe(
        `[@hookwire/paypal] The ${name} header is missing; PayPal signs every webhook delivery.`,
      );
      // an empty value is missing too
      const emptied = await errorOf(receiver.verify(await signed({ headers: { [name]: "" } })));
      expect([emptied.code, emptied.message]).toEqual([error.code, error.message]);
    }
    const empty = await errorOf(
      receiver.verify(await signed({ headers: { "paypal-transmission-sig": "==" } })),
    );
    expect(empty.message).toMatch(/PAYPAL-TRANSMISSION-SIG is not base64/);
    const algo = await errorOf(
      receiver.verify(await signed({ headers: { "paypal-auth-algo": "SHA1withRSA" } })),
    );
    expect(algo.message).toMatch(/PAYPAL-AUTH-ALGO "SHA1withRSA" is not supported/);
    const tampered = await errorOf(
      receiver.verify(await signed({ headers: { "paypal-transmission-id": "changed" } })),
    );
    expect(tampered.message).toMatch(/The signature does not match the body/);
    const url = await errorOf(receiver.verify(await signed({ certUrl: "https://evil.example/c" })));
    expect(url.message).toMatch(/PAYPAL-CERT-URL is not a PayPal https URL/);
    const time = await errorOf(
      receiver.verify(await signed({ headers: { "paypal-transmission-time": "yesterday" } })),
    );
    expect(time.message).toMatch(/PAYPAL-TRANSMISSION-TIME header is not a date/);
  });

  it("checks the transmission time against the injected clock, 300 s by default", async () => {
    const at = Date.UTC(2030, 0, 1, 12, 0, 0);
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch(), now: () => at });
    expect((await receiver.verify(await signed({ timestamp: at / 1000 - 299 }))).type).toBe(
      "PAYMENT.CAPTURE.COMPLETED",
    );
    expect(await codeOf(receiver.verify(await signed({ timestamp: at / 1000 - 301 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(receiver.verify(await signed({ timestamp: at / 1000 + 301 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("puts the headers and the matching webhook id in meta; the id only when a string", async () => {
    const receiver = paypal({ ...TRUST, webhookId: ["WH-OTHER", WEBHOOK_ID], fetch: certFetch() });
    const event = await receiver.verify(await signed({ id: "tx-meta" }));
    expect(event.meta).toEqual({
      transmissionId: "tx-meta",
      transmissionTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      certUrl: CERT_URL,
      authAlgo: "SHA256withRSA",
      webhookId: WEBHOOK_ID,
    });
    const numeric = await receiver.verify(
      await signed({ payload: { id: 42, event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} } }),
    );
    expect(numeric.id).toBeUndefined();
    const error = await errorOf(receiver.verify(await signed({ payload: { id: "WH-1", event_type: "" } })));
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.message).toMatch(/no event_type/);
    expect(await codeOf(receiver.verify(await signed({ payload: { id: "WH-1", event_type: 7 } })))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("reports a certificate that cannot be downloaded, with the HTTP status", async () => {
    const down = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch: vi.fn(async () => {
        throw new TypeError("connection refused");
      }),
    });
    const thrown = await errorOf(down.verify(await signed()));
    expect(thrown.code).toBe("SIGNATURE_INVALID");
    expect(thrown.message).toBe("[@hookwire/paypal] PayPal's certificate could not be fetched.");
    const missing = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch: vi.fn(async () => new Response("", { status: 503 })),
    });
    expect((await errorOf(missing.verify(await signed()))).message).toMatch(
      /could not be fetched \(HTTP 503\)/,
    );
  });

  it("asks for the certificate without following redirects", async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(CERT));
    await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch }).verify(await signed());
    expect(fetch.mock.calls[0]![1]).toMatchObject({ redirect: "error" });
  });

  it("keeps the most recently used certificate when the cache is full", async () => {
    const fetch = vi.fn(async () => new Response(CERT));
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch, certificateCacheSize: 2 });
    const [a, b, c] = [`${CERT_URL}-A`, `${CERT_URL}-B`, `${CERT_URL}-C`];
    await receiver.verify(await signed({ certUrl: a }));
    await receiver.verify(await signed({ certUrl: b }));
    await receiver.verify(await signed({ certUrl: a })); // a is now the most recent
    await receiver.verify(await signed({ certUrl: c })); // evicts b
    expect(fetch).toHaveBeenCalledTimes(3);
    await receiver.verify(await signed({ certUrl: a }));
    expect(fetch).toHaveBeenCalledTimes(3);
    await receiver.verify(await signed({ certUrl: b }));
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it("refuses a body over maxBodyBytes", async () => {
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: certFetch(), maxBodyBytes: 64 });
    expect(await codeOf(receiver.verify(await signed()))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("keeps one certificate with a cache size below 1", async () => {
    const fetch = vi.fn(async () => new Response(CERT));
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch, certificateCacheSize: 0 });
    await receiver.verify(await signed());
    await receiver.verify(await signed());
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("drops a cached certificate once it expires, so the next delivery fetches it again", async () => {
    let at = Date.now();
    const fetch = certFetch();
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch,
      now: () => at,
      toleranceSeconds: Infinity,
    });
    await receiver.verify(await signed());
    at = Date.UTC(2127, 0, 1);
    const error = await errorOf(receiver.verify(await signed()));
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toMatch(/outside its validity period/);
    at = Date.now();
    await receiver.verify(await signed());
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("refuses a signing certificate whose key usage does not include digital signatures", async () => {
    // the test intermediate (keyUsage keyCertSign, cRLSign) served as the signing certificate, named as one
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      certificateSubjects: ["hookwire test intermediate ca (ecdsa)"],
      fetch: vi.fn(async () => new Response(INTERMEDIATE)),
    });
    const error = await errorOf(receiver.verify(await signed()));
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(error.message).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: its key usage does not allow digital signatures.",
    );
  });
});

describe("paypal() api mode — cases found by mutation testing", () => {
  const ok = () =>
    vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      Response.json({ verification_status: "SUCCESS" }),
    );

  it("asks the live API by default, with the token, as JSON, and stops at the first confirmed id", async () => {
    const fetch = ok();
    const accessToken = vi.fn(() => "LIVE-TOKEN");
    const receiver = paypal({ webhookId: [WEBHOOK_ID, "WH-OTHER"], mode: "api", fetch, accessToken });
    const request = await signed();
    const event = await receiver.verify(request);
    expect(event.meta.webhookId).toBe(WEBHOOK_ID);
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("https://api-m.paypal.com/v1/notifications/verify-webhook-signature");
    expect(init!.method).toBe("POST");
    const headers = new Headers(init!.headers);
    expect(headers.get("authorization")).toBe("Bearer LIVE-TOKEN");
    expect(headers.get("content-type")).toBe("application/json");
    expect(accessToken).toHaveBeenCalledOnce();
    const sent = JSON.parse(new TextDecoder().decode(init!.body as Uint8Array)) as Record<string, unknown>;
    expect(sent).toMatchObject({
      transmission_sig: request.headers.get("paypal-transmission-sig"),
      transmission_time: request.headers.get("paypal-transmission-time"),
    });
  });

  it("refuses anything but SUCCESS, an unreadable answer, and errors of the API", async () => {
    const answer = (response: () => Response) =>
      paypal({
        webhookId: WEBHOOK_ID,
        mode: "api",
        fetch: vi.fn(async () => response()),
        accessToken: () => "t",
      });
    const failure = await answer(() => Response.json({ verification_status: "FAILURE" }))
      .verify(await signed())
      .catch((e: WebhookError) => e);
    expect((failure as WebhookError).code).toBe("SIGNATURE_INVALID");
    expect((failure as WebhookError).message).toMatch(/did not confirm this delivery/);
    expect(await codeOf(answer(() => new Response("not json")).verify(await signed()))).toBe(
      "SIGNATURE_INVALID",
    );
    const unavailable = (await answer(() => new Response("", { status: 503 }))
      .verify(await signed())
      .catch((e: WebhookError) => e)) as WebhookError;
    expect(unavailable.code).toBe("INTERNAL_ERROR");
    expect(unavailable.message).toBe("[@hookwire/paypal] PayPal's verify API answered HTTP 503.");
    const unauthorized = (await answer(() => new Response("", { status: 401 }))
      .verify(await signed())
      .catch((e: WebhookError) => e)) as WebhookError;
    expect(unauthorized.message).toMatch(/HTTP 401\. Check that accessToken returns a valid token/);
    const unreachable = (await paypal({
      webhookId: WEBHOOK_ID,
      mode: "api",
      fetch: vi.fn(async () => {
        throw new TypeError("offline");
      }),
      accessToken: () => "t",
    })
      .verify(await signed())
      .catch((e: WebhookError) => e)) as WebhookError;
    expect(unreachable.code).toBe("INTERNAL_ERROR");
    expect(unreachable.message).toMatch(/could not be reached/);
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
    // its example delivery too (PayPal's secret is not shared: the receiver needs the test CA's trust)
    const example = await descriptor.sign({ secret: KEY, ...descriptor.example! });
    expect((await trusting.verify(example)).type).toBe("PAYMENT.CAPTURE.COMPLETED");
    // the descriptor's receiver is keyed by the webhook id; without PayPal's headers nothing is fetched
    const bare = new Request("https://example.com/webhooks/paypal", { method: "POST", body: fixture });
    expect(await codeOf(descriptor.receiver(WEBHOOK_ID).verify(bare))).toBe("SIGNATURE_MISSING");
  });
});

describe("paypal() offline: chain cases found by mutation testing", () => {
  // a second test CA: RSA root (to 2124) → P-384 intermediate signed with sha512WithRSA (to 2125) → leaves
  // signed with ecdsa-with-SHA384; and a CA whose keyUsage lacks keyCertSign (see test/fixtures/README.md)
  const ROOT2 = fixtureText("test-ca2-root.pem");
  const INTERMEDIATE2 = fixtureText("test-ca2-intermediate.pem");
  const serving = (chain: string) => vi.fn(async () => new Response(chain));
  const at = (iso: string) => Date.parse(iso);
  const receiverAt = (chain: string, now: number) =>
    paypal({ trustedCertificates: [ROOT2], webhookId: WEBHOOK_ID, fetch: serving(chain), now: () => now });
  const messageOf = async (promise: Promise<unknown>) =>
    (
      (await promise.then(
        () => undefined,
        (e: unknown) => e,
      )) as WebhookError | undefined
    )?.message;

  it("reads a common name stored as a BMPString and checks P-384 and sha512WithRSA signatures", async () => {
    const chain = `${fixtureText("test-chain2-leaf-bmp.pem")}${INTERMEDIATE2}`;
    const event = await receiverAt(chain, Date.now()).verify(await signed());
    expect(event.type).toBe("PAYMENT.CAPTURE.COMPLETED");
    // the same chain under the first test CA's root does not validate
    expect(
      await codeOf(paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serving(chain) }).verify(await signed())),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a chain whose trusted root has expired, the leaf and its issuer still valid", async () => {
    const now = at("2124-06-01T00:00:00Z");
    const chain = `${fixtureText("test-chain2-leaf-bmp.pem")}${INTERMEDIATE2}`;
    expect(await messageOf(receiverAt(chain, now).verify(await signed({ timestamp: now / 1000 })))).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: the trusted root is outside its validity period.",
    );
  });

  it("caches the validity the whole chain shares: a chain validated today expires with its root", async () => {
    let now = Date.now();
    const chain = `${fixtureText("test-chain2-leaf-bmp.pem")}${INTERMEDIATE2}`;
    const fetch = serving(chain);
    const receiver = paypal({
      trustedCertificates: [ROOT2],
      webhookId: WEBHOOK_ID,
      fetch,
      now: () => now,
      toleranceSeconds: Infinity,
    });
    await receiver.verify(await signed());
    now = at("2124-06-01T00:00:00Z"); // the leaf (to 2125) and intermediate (to 2125) are valid, the root not
    expect(await messageOf(receiver.verify(await signed()))).toMatch(/outside its validity period/);
    now = Date.now(); // dropped from the cache: fetched and validated again
    expect(await codeOf(receiver.verify(await signed()))).toBe("OK");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("refuses a chain validated today once the clock is before it", async () => {
    let now = Date.now();
    const receiver = paypal({
      ...TRUST,
      webhookId: WEBHOOK_ID,
      fetch: certFetch(),
      now: () => now,
      toleranceSeconds: Infinity,
    });
    await receiver.verify(await signed());
    now = at("2026-06-01T00:00:00Z");
    expect(await messageOf(receiver.verify(await signed()))).toMatch(
      /signing certificate \(or its chain\) is outside its validity period/,
    );
  });

  it("refuses an issuing certificate outside its validity period, and an expired leaf", async () => {
    const now = at("2125-06-01T00:00:00Z"); // the leaf runs to 2126, its issuer to 2125
    const chain = `${fixtureText("test-chain2-leaf-outlives-issuer.pem")}${INTERMEDIATE2}`;
    expect(await messageOf(receiverAt(chain, now).verify(await signed({ timestamp: now / 1000 })))).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: an issuing certificate is outside its validity period.",
    );
    const expired = `${fixtureText("test-chain2-leaf-bmp.pem")}${INTERMEDIATE2}`; // the leaf ran to 2125
    expect(await messageOf(receiverAt(expired, now).verify(await signed({ timestamp: now / 1000 })))).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: it is outside its validity period.",
    );
  });

  it("refuses a CA certificate whose keyUsage does not allow signing certificates", async () => {
    const chain = `${fixtureText("test-chain2-leaf-under-no-keycertsign.pem")}${fixtureText("test-chain2-ca-no-keycertsign.pem")}`;
    expect(await messageOf(receiverAt(chain, Date.now()).verify(await signed()))).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: an issuing certificate may not sign certificates (keyUsage).",
    );
  });

  it("names the subject it refuses, and says when there is none", async () => {
    const wrongCn = `${fixtureText("test-chain-wrong-cn.pem")}${INTERMEDIATE}`;
    expect(
      await messageOf(
        paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serving(wrongCn) }).verify(await signed()),
      ),
    ).toBe(
      "[@hookwire/paypal] PayPal's signing certificate is refused: its subject (CN evil.example.com) is not one of PayPal's signing certificates (messageverificationcerts.paypal.com, messageverificationcerts.sandbox.paypal.com).",
    );
  });

  it("finds the issuer among the served certificates in any order, skipping the ones that are not it", async () => {
    const chain = `${LEAF}${fixtureText("test-chain-not-ca.pem")}${ROOT}${INTERMEDIATE}`;
    expect(
      (await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: serving(chain) }).verify(await signed())).type,
    ).toBe("PAYMENT.CAPTURE.COMPLETED");
  });

  it("fetches an AIA issuer only over http(s), once, and ignores failed or oversized answers", async () => {
    const aiaLeaf = fixtureText("test-chain-leaf-aia.pem");
    const AIA = "http://cacerts.hookwire.test/intermediate.crt";
    const intermediateDer = new Uint8Array(
      readFileSync(new URL("../test/fixtures/test-ca-intermediate.der", import.meta.url)),
    );
    const answering = (answer: () => Response | Promise<Response>) =>
      vi.fn(async (url: string | URL | Request, _init?: RequestInit) =>
        String(url) === CERT_URL ? new Response(aiaLeaf) : answer(),
      );
    for (const answer of [
      () => new Response("gone", { status: 404 }),
      () => new Response(new Uint8Array(70_000).fill(0x30)),
      () => Promise.reject(new TypeError("offline")),
      () => new Response("not a certificate"),
    ]) {
      const fetch = answering(answer);
      expect(await codeOf(paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch }).verify(await signed()))).toBe(
        "SIGNATURE_INVALID",
      );
      expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([CERT_URL, AIA]);
    }
    // an error answer and an answer over 64 KiB are not used, even when they hold the issuer
    const intermediatePem = fixtureText("test-ca-intermediate.pem");
    for (const answer of [
      () => new Response(intermediateDer, { status: 404 }),
      () => new Response(`${intermediatePem}${" ".repeat(65_537 - intermediatePem.length)}`),
    ]) {
      expect(
        await codeOf(
          paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: answering(answer) }).verify(await signed()),
        ),
      ).toBe("SIGNATURE_INVALID");
    }
    const padded = `${intermediatePem}${" ".repeat(65_536 - intermediatePem.length)}`;
    expect(
      (
        await paypal({
          ...TRUST,
          webhookId: WEBHOOK_ID,
          fetch: answering(() => new Response(padded)),
        }).verify(await signed())
      ).type,
    ).toBe("PAYMENT.CAPTURE.COMPLETED");
    const fetch = answering(() => new Response(intermediateDer));
    await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch }).verify(await signed());
    expect(fetch.mock.calls[1]![1]).toMatchObject({ redirect: "error" });
  });
});

describe("paypal() — cases found by the re-run of mutation testing", () => {
  // a chain issued by the test itself (test/certificates.ts) around a fixed clock
  const NOW = Date.UTC(2030, 5, 1);
  const RSA = { privateKey: createPrivateKey(KEY), publicKey: createPublicKey(KEY) };
  const BUILT_ROOT = testCa("Receiver Test Root", undefined, { at: NOW });
  const BUILT_INTERMEDIATE = testCa("Receiver Test Intermediate", BUILT_ROOT, { at: NOW });
  const withAia = (...urls: string[]) =>
    testLeaf(BUILT_INTERMEDIATE, RSA, {
      at: NOW,
      extensions: [
        keyUsage(0),
        authorityInfoAccess(...urls.map((url) => [OIDS.caIssuers, url] as [string, string])),
      ],
    });
  const receiverServing = (served: string, issuer: Record<string, Uint8Array> = {}) => {
    const fetch = vi.fn(async (url: string | URL | Request, _init?: RequestInit) => {
      if (String(url) === CERT_URL) return new Response(served);
      const found = Object.entries(issuer).find(([at]) => at.toLowerCase() === String(url).toLowerCase());
      return found
        ? new Response(found[1] as Uint8Array<ArrayBuffer>)
        : new Response("not found", { status: 404 });
    });
    const receiver = paypal({
      trustedCertificates: [BUILT_ROOT.pem],
      webhookId: WEBHOOK_ID,
      fetch,
      now: () => NOW,
    });
    return { fetch, receiver };
  };
  const at = () => signed({ timestamp: NOW / 1000 });
  const messageOf = async (promise: Promise<unknown>) => (await refusalOf(promise)).message;

  it("verifies a delivery under the built chain, served whole", async () => {
    const signing = testLeaf(BUILT_INTERMEDIATE, RSA, { at: NOW });
    const { receiver } = receiverServing(`${signing.pem}${BUILT_INTERMEDIATE.pem}`);
    expect((await receiver.verify(await at())).type).toBe("PAYMENT.CAPTURE.COMPLETED");
  });

  it("fetches an AIA issuer only from a URL that starts with http:// or https://, in any case", async () => {
    const upper = receiverServing(withAia("HTTP://CACERTS.HOOKWIRE.TEST/I.CRT").pem, {
      "http://cacerts.hookwire.test/i.crt": BUILT_INTERMEDIATE.der,
    });
    expect((await upper.receiver.verify(await at())).type).toBe("PAYMENT.CAPTURE.COMPLETED");
    expect(upper.fetch.mock.calls.map(([url]) => String(url))).toEqual([
      CERT_URL,
      "HTTP://CACERTS.HOOKWIRE.TEST/I.CRT",
    ]);
    // a URL of another scheme that merely contains "http://" is not fetched
    const other = receiverServing(
      withAia("ldap://cacerts.hookwire.test/http://cacerts.hookwire.test/i.crt").pem,
      {
        "ldap://cacerts.hookwire.test/http://cacerts.hookwire.test/i.crt": BUILT_INTERMEDIATE.der,
      },
    );
    expect(await messageOf(other.receiver.verify(await at()))).toMatch(/does not chain to a trusted root/);
    expect(other.fetch.mock.calls.map(([url]) => String(url))).toEqual([CERT_URL]);
  });

  it("refuses an ECDSA signature by a PayPal-named certificate with an EC key: PayPal signs SHA256withRSA", async () => {
    const key = ecKey();
    const ecLeaf = testLeaf(BUILT_INTERMEDIATE, key, { at: NOW });
    const { receiver } = receiverServing(`${ecLeaf.pem}${BUILT_INTERMEDIATE.pem}`);
    const time = new Date(NOW).toISOString();
    const message = `t-ec|${time}|${WEBHOOK_ID}|${zlibCrc32(fixture)}`;
    const request = new Request("https://example.com/webhooks/paypal", {
      method: "POST",
      body: fixture,
      headers: {
        "content-type": "application/json",
        "paypal-transmission-id": "t-ec",
        "paypal-transmission-time": time,
        "paypal-transmission-sig": createSign("sha256").update(message).sign(key.privateKey, "base64"),
        "paypal-cert-url": CERT_URL,
        "paypal-auth-algo": "SHA256withRSA",
      },
    });
    expect(await refusalOf(receiver.verify(request))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/paypal] The signature does not match the body.",
    });
  });

  it("refuses its setup with CONFIGURATION_INVALID, keeping the PEM error as the cause", async () => {
    const made = (options: Parameters<typeof paypal>[0]) => refusalOf((async () => paypal(options))());
    for (const options of [
      { ...TRUST, webhookId: WEBHOOK_ID, mode: "soap" as "api" },
      { ...TRUST, webhookId: WEBHOOK_ID, mode: "api" as const },
      { webhookId: WEBHOOK_ID, trustedCertificates: ["not a certificate"] },
      { ...TRUST, webhookId: WEBHOOK_ID, certificateSubjects: [] },
    ]) {
      expect((await made(options)).code).toBe("CONFIGURATION_INVALID");
    }
    let error: unknown;
    try {
      paypal({ webhookId: WEBHOOK_ID, trustedCertificates: ["not a certificate"] });
    } catch (e) {
      error = e;
    }
    expect(((error as WebhookError).cause as Error).message).toMatch(/no PEM certificate found/);
  });

  it("keeps the cause of a failed download or verify call", async () => {
    const offline = new TypeError("offline");
    const fail = vi.fn(async () => {
      throw offline;
    });
    let error: unknown = await paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch: fail })
      .verify(await signed())
      .catch((e: unknown) => e);
    expect((error as WebhookError).cause).toBe(offline);
    error = await paypal({ webhookId: WEBHOOK_ID, mode: "api", fetch: fail, accessToken: () => "t" })
      .verify(await signed())
      .catch((e: unknown) => e);
    expect((error as WebhookError).cause).toBe(offline);
  });

  it("names the webhookId option when a lookup finds none", async () => {
    const receiver = paypal({ ...TRUST, webhookId: () => [], fetch: certFetch() });
    expect((await refusalOf(receiver.verify(await signed()))).message).toMatch(/No webhookId is configured/);
  });

  it("keeps 16 certificates by default", async () => {
    const fetch = vi.fn(async () => new Response(CERT));
    const receiver = paypal({ ...TRUST, webhookId: WEBHOOK_ID, fetch });
    const urls = Array.from({ length: 17 }, (_, i) => `${CERT_URL}-${i}`);
    for (const certUrl of urls.slice(0, 16)) await receiver.verify(await signed({ certUrl }));
    await receiver.verify(await signed({ certUrl: urls[0] }));
    expect(fetch).toHaveBeenCalledTimes(16);
    await receiver.verify(await signed({ certUrl: urls[16] })); // evicts the least recently used: urls[1]
    await receiver.verify(await signed({ certUrl: urls[0] }));
    expect(fetch).toHaveBeenCalledTimes(17);
    await receiver.verify(await signed({ certUrl: urls[1] }));
    expect(fetch).toHaveBeenCalledTimes(18);
  });

  it("refuses to be created without options, with a coded error", () => {
    let error: unknown;
    try {
      paypal(undefined as never);
    } catch (e) {
      error = e;
    }
    expect((error as WebhookError).code).toBe("CONFIGURATION_INVALID");
    expect((error as WebhookError).message).toMatch(/webhookId/);
  });

  it("describes its example as PayPal's documented PAYMENT.CAPTURE.COMPLETED delivery, and its secrets", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
    expect(descriptor.secretIs).toBe(
      "listen: the webhook id PayPal shows for the endpoint; sign: a PKCS#8 PEM private key (PayPal signs with its own certificate)",
    );
  });
});

describe("paypal() — cases found by the whole-package run of mutation testing", () => {
  const NOW = Date.UTC(2030, 5, 1);
  const DAY = 86_400_000;
  const RSA = { privateKey: createPrivateKey(KEY), publicKey: createPublicKey(KEY) };
  const BUILT_ROOT = testCa("Boundary Test Root", undefined, { at: NOW });
  const BUILT_INTERMEDIATE = testCa("Boundary Test Intermediate", BUILT_ROOT, { at: NOW });
  // the signing certificate's period is the shortest of the chain: NOW − 10 days to NOW + 300 days
  const SIGNING = testLeaf(BUILT_INTERMEDIATE, RSA, { at: NOW });

  it("keeps a cached certificate valid through the exact second its validity ends (RFC 5280: inclusive)", async () => {
    let now = NOW;
    const fetch = vi.fn(async () => new Response(`${SIGNING.pem}${BUILT_INTERMEDIATE.pem}`));
    const receiver = paypal({
      trustedCertificates: [BUILT_ROOT.pem],
      webhookId: WEBHOOK_ID,
      fetch,
      now: () => now,
      toleranceSeconds: Infinity,
    });
    expect(await codeOf(receiver.verify(await signed()))).toBe("OK"); // validated and cached at NOW
    for (const at of [NOW - 10 * DAY, NOW + 300 * DAY]) {
      now = at;
      expect([at, await codeOf(receiver.verify(await signed()))]).toEqual([at, "OK"]);
    }
    expect(fetch).toHaveBeenCalledOnce();
    // one millisecond outside: the cached certificate is refused (and dropped: fetched again at NOW)
    for (const at of [NOW - 10 * DAY - 1, NOW + 300 * DAY + 1]) {
      now = NOW;
      expect(await codeOf(receiver.verify(await signed()))).toBe("OK");
      now = at;
      expect([at, (await refusalOf(receiver.verify(await signed()))).message]).toEqual([
        at,
        "[@hookwire/paypal] PayPal's signing certificate (or its chain) is outside its validity period.",
      ]);
    }
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("sends the event's bytes to verify-webhook-signature unchanged whatever its first bytes", async () => {
    // byte 2 is 0xBF (a lone UTF-8 continuation byte, read as U+FFFD by the JSON parse): nothing is
    // taken for a byte-order mark, only the exact bytes received give PayPal's CRC-32
    const raw = new Uint8Array([
      ...new TextEncoder().encode('{"'),
      0xbf,
      ...new TextEncoder().encode('":1,"id":"WH-BOM","event_type":"PAYMENT.CAPTURE.COMPLETED"}'),
    ]);
    let sent: Uint8Array | undefined;
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      sent = init!.body as Uint8Array;
      return Response.json({ verification_status: "SUCCESS" });
    });
    const receiver = paypal({ webhookId: WEBHOOK_ID, mode: "api", fetch, accessToken: () => "t" });
    expect((await receiver.verify(await signed({ payload: raw }))).id).toBe("WH-BOM");
    const tail = sent!.subarray(sent!.length - raw.length - 1);
    expect(Buffer.from(tail)).toEqual(Buffer.concat([raw, Buffer.from("}")]));
    expect(new TextDecoder().decode(sent!.subarray(0, sent!.length - raw.length - 1))).toMatch(
      /,"webhook_event":$/,
    );
  });
});

describe("paypal: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => paypal({ ...TRUST, webhookId: WEBHOOK_ID, toleranceSeconds: -1 })).toThrow(
      /^\[@hookwire\/paypal\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
