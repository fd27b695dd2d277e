import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { square } from "./receiver.js";
import { squareSchemeWith } from "./scheme.js";
import { descriptor, squareTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/payment-created.json", import.meta.url), "utf8");
const KEY = "square-signature-key-0123456789";
const URL_ = "https://shop.example.com/webhooks/square";

/** Square's SDK tests (tests/integration/webhooks.test.ts). */
const SDK = {
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
  signature: "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
  key: "Ibxx_5AKakO-3qeNVR61Dw",
  url: "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
};

function request(url: string, body: string, signature: string | undefined): Request {
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      ...(signature === undefined ? {} : { "x-square-hmacsha256-signature": signature }),
    },
  });
}

runHmacProviderConformance({
  name: "square",
  create: square,
  testRequest: squareTestRequest,
  payload: JSON.parse(fixture),
  type: "payment.created",
  signatureHeader: "x-square-hmacsha256-signature",
});

describe("square()", () => {
  it("agrees with the vectors of Square's SDK tests", async () => {
    const receiver = square({ secret: SDK.key, notificationUrl: SDK.url });
    const event = await receiver.verify(request("http://127.0.0.1:3000/hooks", SDK.body, SDK.signature));
    expect(event.type).toBe("webhooks.test_notification");
    expect(event.id).toBe("ac3ac95b-f97d-458c-a6e6-18981597e05f");
    expect(event.meta.merchantId).toBe("MLEFBHHSJGVHD");
    const special = square({ secret: "signature-key", notificationUrl: "https://webhook.site/webhooks" });
    // authentic bodies without a type: the signature passes, the body is refused after it
    expect(
      await codeOf(
        special.verify(
          request(
            URL_,
            '{"data":{"type":"webhooks","id":"fake_id"}}',
            "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=",
          ),
        ),
      ),
    ).toBe("PAYLOAD_INVALID");
    expect(
      await codeOf(
        special.verify(
          request(
            URL_,
            '{"data":{"type":"webhooks","id":">id<"}}',
            "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=",
          ),
        ),
      ),
    ).toBe("PAYLOAD_INVALID");
    const refused = async (options: { key?: string; url?: string; body?: string; signature?: string }) =>
      codeOf(
        square({ secret: options.key ?? SDK.key, notificationUrl: options.url ?? SDK.url }).verify(
          request(URL_, options.body ?? SDK.body, options.signature ?? SDK.signature),
        ),
      );
    expect(await refused({ url: "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9" })).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await refused({ key: "MCmhFRxGX82xMwg5FsaoQA" })).toBe("SIGNATURE_INVALID");
    expect(await refused({ signature: "1z2n3DEJJiUPKcPzQo1ftvbxGdw=" })).toBe("SIGNATURE_INVALID");
    expect(await refused({ body: SDK.body.replace("2022-07-13", "2022-06-13") })).toBe("SIGNATURE_INVALID");
    expect(await refused({ body: JSON.stringify(JSON.parse(SDK.body), null, 4) })).toBe("SIGNATURE_INVALID");
  });

  it("signs what Square's WebhooksHelper accepts, and accepts what it accepts", async () => {
    const signed = await squareTestRequest({ secret: KEY, payload: fixture, url: URL_ });
    const signatureHeader = signed.headers.get("x-square-hmacsha256-signature")!;
    expect(
      await WebhooksHelper.verifySignature({
        requestBody: fixture,
        signatureHeader,
        signatureKey: KEY,
        notificationUrl: URL_,
      }),
    ).toBe(true);
    expect(
      await WebhooksHelper.verifySignature({
        requestBody: fixture,
        signatureHeader,
        signatureKey: KEY,
        notificationUrl: `${URL_}/other`,
      }),
    ).toBe(false);
    // the SDK has no signer: the other direction is its published vectors, checked by both
    expect(
      await WebhooksHelper.verifySignature({
        requestBody: SDK.body,
        signatureHeader: SDK.signature,
        signatureKey: SDK.key,
        notificationUrl: SDK.url,
      }),
    ).toBe(true);
    const event = await square({ secret: KEY, notificationUrl: URL_ }).verify(signed);
    expect(event.type).toBe("payment.created");
    expect(
      (event.payload as { data: { object: { payment: { status: string } } } }).data.object.payment.status,
    ).toBe("APPROVED");
  });

  it("signs with the notification URL option, a function of the request, or the request URL", async () => {
    const proxied = async () => {
      const signed = await squareTestRequest({ secret: KEY, payload: fixture, url: URL_ });
      return new Request("http://10.0.0.5:8080/webhooks/square", {
        method: "POST",
        body: await signed.text(),
        headers: signed.headers,
      });
    };
    expect(await codeOf(square({ secret: KEY }).verify(await proxied()))).toBe("SIGNATURE_INVALID");
    expect((await square({ secret: KEY, notificationUrl: URL_ }).verify(await proxied())).type).toBe(
      "payment.created",
    );
    const perHost = square({
      secret: KEY,
      notificationUrl: (request) => `https://shop.example.com${new URL(request.url).pathname}`,
    });
    expect((await perHost.verify(await proxied())).type).toBe("payment.created");
    const { headers } = await squareSchemeWith(URL_).sign({
      body: new TextEncoder().encode(fixture),
      secret: KEY,
    });
    expect(headers["x-square-hmacsha256-signature"]).toBe(
      await (await squareTestRequest({ secret: KEY, payload: fixture, url: URL_ })).headers.get(
        "x-square-hmacsha256-signature",
      ),
    );
    for (const bad of ["", "shop.example.com/webhooks", 42]) {
      expect(() => square({ secret: KEY, notificationUrl: bad as string })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("refuses tampered, missing-header, wrong-secret and malformed requests with coded errors", async () => {
    const receiver = square({ secret: KEY, notificationUrl: URL_ });
    const good = await squareTestRequest({ secret: KEY, payload: fixture, url: URL_ });
    const signature = good.headers.get("x-square-hmacsha256-signature")!;
    expect(await codeOf(receiver.verify(request(URL_, `${fixture} `, signature)))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(URL_, fixture, undefined)))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(URL_, fixture, "not base64!")))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await squareTestRequest({ secret: "wrong-key-000000", payload: fixture, url: URL_ })),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"event_id":"e"}']) {
      expect(
        await codeOf(receiver.verify(await squareTestRequest({ secret: KEY, payload: broken, url: URL_ }))),
      ).toBe("PAYLOAD_INVALID");
    }
    const text = await squareTestRequest({
      secret: KEY,
      payload: fixture,
      url: URL_,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(text))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("states Square's 10 s deadline and runs handlers through the router", async () => {
    const receiver = square({ secret: KEY });
    expect(receiver.deadlineMs).toBe(10_000);
    const hooks = createWebhooks({ receivers: { square: receiver } });
    const seen: string[] = [];
    hooks.on("square", "payment.created", (event) => {
      seen.push(event.payload.data.object.payment.id);
    });
    const response = await hooks.handle(await squareTestRequest({ secret: KEY, payload: fixture }));
    expect(response.status).toBeLessThan(300);
    expect(seen).toEqual(["hYy9pRFVxpDsO1FB05SunFWUe9JZY"]);
  });

  runDescriptorConformance(descriptor, { name: "square" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as payment.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("payment.created");
  });
});

describe("square() ids, URLs and messages", () => {
  const signedBody = async (body: unknown) =>
    squareTestRequest({
      secret: KEY,
      payload: typeof body === "string" ? body : JSON.stringify(body),
      url: URL_,
    });

  it("takes a non-empty string event_id as the id, and a string merchant_id as meta", async () => {
    const receiver = square({ secret: KEY, notificationUrl: URL_ });
    const cases: [Record<string, unknown>, string | undefined, string | undefined][] = [
      [{ type: "t", event_id: "e-1", merchant_id: "M1" }, "e-1", "M1"],
      [{ type: "t", event_id: "", merchant_id: 5 }, undefined, undefined],
      [{ type: "t", event_id: 7 }, undefined, undefined],
    ];
    for (const [body, id, merchantId] of cases) {
      const event = await receiver.verify(await signedBody(body));
      expect(event.id).toBe(id);
      expect(event.meta).toEqual({ merchantId });
    }
    for (const type of ["", 3]) {
      expect(await refusalOf(receiver.verify(await signedBody({ type, event_id: "e" })))).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/square] The body has no "type" field.',
      });
    }
  });

  it("names the mismatch, and says the request URL was used when no notificationUrl is set", async () => {
    const other = await squareTestRequest({ secret: "wrong-key-000000", payload: fixture, url: URL_ });
    expect(await refusalOf(square({ secret: KEY, notificationUrl: URL_ }).verify(other.clone()))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/square] The signature does not match the body and notification URL.",
    });
    expect(await refusalOf(square({ secret: KEY }).verify(other))).toEqual({
      code: "SIGNATURE_INVALID",
      message:
        "[@hookwire/square] The signature does not match the body and notification URL (the request URL was used: set notificationUrl to the URL registered with Square).",
    });
  });

  it("accepts http and https notification URLs, refuses others by name", async () => {
    expect(square({ secret: KEY, notificationUrl: "http://shop.example.com/hooks" }).provider).toBe("square");
    for (const bad of ["ftp://shop.example.com/hooks", " https://shop.example.com", "https:/x"]) {
      expect(() => square({ secret: KEY, notificationUrl: bad })).toThrow(
        "[@hookwire/square] notificationUrl must be the absolute URL registered on the Square subscription.",
      );
    }
    expect(() => square(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("squareSchemeWith signs with the notification URL unless the input names one", async () => {
    const body = new TextEncoder().encode(fixture);
    const header = "x-square-hmacsha256-signature";
    const { WebhooksHelper: helper } = await import("square");
    const ok = async (signature: string, url: string) =>
      helper.verifySignature({
        requestBody: fixture,
        signatureHeader: signature,
        signatureKey: KEY,
        notificationUrl: url,
      });
    const fixed = (await squareSchemeWith(URL_).sign({ body, secret: KEY })).headers[header]!;
    expect(await ok(fixed, URL_)).toBe(true);
    const named = (await squareSchemeWith(URL_).sign({ body, secret: KEY, url: "https://a.example/x" }))
      .headers[header]!;
    expect(await ok(named, "https://a.example/x")).toBe(true);
  });

  it("names the package and the signature key when the signature is missing; squareTestRequest sends Square's user agent", async () => {
    const { code, message } = await refusalOf(
      square({ secret: KEY, notificationUrl: URL_ }).verify(request(URL_, fixture, undefined)),
    );
    expect(code).toBe("SIGNATURE_MISSING");
    expect(message).toContain("[@hookwire/square]");
    expect(message).toContain("Square signs every notification with the subscription's signature key.");
    const signed = await squareTestRequest({ secret: KEY, payload: fixture });
    expect(signed.headers.get("user-agent")).toBe("Square Connect v2");
    expect(signed.url).toBe("https://example.com/webhooks/square");
  });

  it("applies maxBodyBytes; the descriptor's example is the fixture and names the signature key", async () => {
    const signed = () => squareTestRequest({ secret: KEY, payload: fixture, url: URL_ });
    expect(
      await codeOf(square({ secret: KEY, notificationUrl: URL_, maxBodyBytes: 16 }).verify(await signed())),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(square({ secret: KEY, notificationUrl: URL_, maxBodyBytes: 4096 }).verify(await signed())),
    ).toBe("OK");
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture));
    expect(descriptor.secretIs).toBe("the subscription's signature key");
  });
});

describe("square() after its first mutation run", () => {
  it("squareSchemeWith(function) refuses to sign without a url (there is no request to ask), and signs the url given", async () => {
    const body = new TextEncoder().encode(fixture);
    expect(await refusalOf(squareSchemeWith(() => URL_).sign({ body, secret: KEY }))).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        "[@hookwire/square] squareSchemeWith(function) cannot sign without a url: pass { url } (the notification URL registered on the Square subscription).",
    });
    const { headers } = await squareSchemeWith(() => "https://ignored.example/x").sign({
      body,
      secret: KEY,
      url: URL_,
    });
    expect(
      await WebhooksHelper.verifySignature({
        requestBody: fixture,
        signatureHeader: headers["x-square-hmacsha256-signature"]!,
        signatureKey: KEY,
        notificationUrl: URL_,
      }),
    ).toBe(true);
  });

  it("refuses a notificationUrl that is neither a string nor a function, even a URL object", () => {
    expect(() => square({ secret: KEY, notificationUrl: new URL(URL_) as unknown as string })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("accepts a signed notification without a content type", async () => {
    const signed = await squareTestRequest({ secret: KEY, payload: fixture, url: URL_ });
    const headers = Object.fromEntries(signed.headers);
    delete headers["content-type"];
    const bare = new Request(URL_, { method: "POST", headers, body: new TextEncoder().encode(fixture) });
    expect(bare.headers.get("content-type")).toBeNull();
    expect((await square({ secret: KEY, notificationUrl: URL_ }).verify(bare)).type).toBe("payment.created");
  });
});
