import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { zoom } from "./receiver.js";
import { zoomSchemeWith } from "./scheme.js";
import { descriptor, zoomTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/meeting-started.json", import.meta.url), "utf8");
const SECRET = "zoom-secret-token-0123456789";
const URL_ = "https://example.com/webhooks/zoom";

/**
 * What Zoom's own sample (github.com/zoom/webhook-sample, index.js) computes: `v0=` + hex
 * HMAC-SHA256 of `v0:<timestamp>:<JSON.stringify(body)>`, and for the URL validation the hex
 * HMAC-SHA256 of plainToken. The sample re-serialises the parsed body, so the bodies here are
 * JSON.stringify output, on which the sample and the raw bytes agree.
 */
function sampleSignature(body: unknown, timestamp: string, secret: string): string {
  const message = `v0:${timestamp}:${JSON.stringify(body)}`;
  return `v0=${createHmac("sha256", secret).update(message).digest("hex")}`;
}

function request(body: string, headers: Record<string, string>): Request {
  return new Request(URL_, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

runHmacProviderConformance({
  name: "zoom",
  create: zoom,
  testRequest: zoomTestRequest,
  payload: JSON.parse(fixture),
  type: "meeting.started",
  signatureHeader: "x-zm-signature",
  toleranceSeconds: 300,
});

describe("zoom()", () => {
  it("verifies a request signed the way Zoom's sample signs, and its typed fields", async () => {
    const body = JSON.parse(fixture);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const event = await zoom({ secret: SECRET }).verify(
      request(JSON.stringify(body), {
        "x-zm-request-timestamp": timestamp,
        "x-zm-signature": sampleSignature(body, timestamp, SECRET),
      }),
    );
    expect(event.type).toBe("meeting.started");
    expect(event.id).toBeUndefined();
    expect((event.payload as { payload: { object: { topic: string } } }).payload.object.topic).toBe(
      "My Meeting",
    );
  });

  it("signs what Zoom's sample would accept", async () => {
    const body = JSON.parse(fixture);
    const signed = await zoomTestRequest({ secret: SECRET, payload: body, timestamp: 1700000000 });
    expect(signed.headers.get("x-zm-request-timestamp")).toBe("1700000000");
    expect(signed.headers.get("x-zm-signature")).toBe(sampleSignature(body, "1700000000", SECRET));
  });

  it("answers endpoint.url_validation with plainToken and encryptedToken after checking the signature", async () => {
    const challenge = {
      event: "endpoint.url_validation",
      event_ts: 1654503849680,
      payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" },
    };
    const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: ["old-token-0123456789", SECRET] }) } });
    let calls = 0;
    hooks.on("zoom", "*", () => {
      calls++;
    });
    const response = await hooks.handle(
      await zoomTestRequest({ secret: SECRET, payload: challenge, url: URL_ }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      // the sample's answer: hex HMAC-SHA256 of plainToken under the token that signed the request
      encryptedToken: createHmac("sha256", SECRET).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
    expect(calls).toBe(0);

    const forged = await hooks.handle(
      await zoomTestRequest({ secret: "not-the-token-000000", payload: challenge, url: URL_ }),
    );
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
    const unsigned = await zoomTestRequest({ secret: SECRET, payload: challenge, url: URL_ });
    const bare = new Request(unsigned.url, {
      method: "POST",
      body: await unsigned.text(),
      headers: { "content-type": "application/json" },
    });
    const missing = await hooks.handle(bare);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_MISSING");
    const noToken = await hooks.handle(
      await zoomTestRequest({
        secret: SECRET,
        payload: { event: "endpoint.url_validation", payload: {} },
        url: URL_,
      }),
    );
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_INVALID");
  });

  it("gives the url_validation answer as the response when verify is called directly", async () => {
    const receiver = zoom({ secret: SECRET });
    const event = await receiver.verify(
      await zoomTestRequest({
        secret: SECRET,
        payload: { event: "endpoint.url_validation", event_ts: 1, payload: { plainToken: "abc" } },
      }),
    );
    expect(event.type).toBe("endpoint.url_validation");
    const answer = receiver.respond?.(event);
    expect(await answer?.json()).toEqual({
      plainToken: "abc",
      encryptedToken: createHmac("sha256", SECRET).update("abc").digest("hex"),
    });
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed requests with coded errors", async () => {
    const receiver = zoom({ secret: SECRET, now: () => 1_700_000_000_000 });
    const good = await zoomTestRequest({ secret: SECRET, payload: fixture, timestamp: 1_700_000_000 });
    const body = await good.clone().text();
    const headers = Object.fromEntries(good.headers);
    expect((await receiver.verify(good.clone())).type).toBe("meeting.started");
    expect(await codeOf(receiver.verify(request(`${body} `, headers)))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          await zoomTestRequest({ secret: SECRET, payload: fixture, timestamp: 1_700_000_000 - 301 }),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(receiver.verify(request(body, { ...headers, "x-zm-request-timestamp": "1700000001" }))),
    ).toBe("SIGNATURE_INVALID");
    const { "x-zm-request-timestamp": _t, ...noTimestamp } = headers;
    expect(await codeOf(receiver.verify(request(body, noTimestamp)))).toBe("HEADER_INVALID");
    const { "x-zm-signature": _s, ...noSignature } = headers;
    expect(await codeOf(receiver.verify(request(body, noSignature)))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(request(body, { ...headers, "x-zm-signature": headers["x-zm-signature"]!.slice(3) })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          await zoomTestRequest({
            secret: "wrong-secret-000000",
            payload: fixture,
            timestamp: 1_700_000_000,
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[1,2]", '{"payload":{}}']) {
      expect(
        await codeOf(
          receiver.verify(
            await zoomTestRequest({ secret: SECRET, payload: broken, timestamp: 1_700_000_000 }),
          ),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
    const xml = await zoomTestRequest({
      secret: SECRET,
      payload: fixture,
      timestamp: 1_700_000_000,
      headers: { "content-type": "text/xml" },
    });
    expect(await codeOf(receiver.verify(xml))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("states Zoom's 3 s deadline", () => {
    expect(zoom({ secret: SECRET }).deadlineMs).toBe(3000);
  });

  runDescriptorConformance(descriptor, { name: "zoom" });

  it("the descriptor signs the documented event, and its receiver reads its type", async () => {
    const secret = descriptor.exampleSecret ?? "a".repeat(40);
    const receiver = descriptor.receiver(secret);
    const event = await receiver.verify(
      await descriptor.sign({ secret, payload: JSON.parse(fixture), event: "ping" }),
    );
    expect(event.type).toBe("meeting.started");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as meeting.started when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("meeting.started");
  });
});

/** The refusal a promise ends with (a WebhookError's code and message). */
const NO_TOKEN = {
  code: "PAYLOAD_INVALID",
  message: "[@hookwire/zoom] The endpoint.url_validation body has no payload.plainToken.",
};

describe("zoom() url_validation and event details", () => {
  const NOW = 1_700_000_000_000;
  const signedAt = (payload: unknown, extra: Partial<Parameters<typeof zoomTestRequest>[0]> = {}) =>
    zoomTestRequest({ secret: SECRET, payload, timestamp: NOW / 1000, ...extra });

  it("refuses a url_validation body without a usable payload.plainToken, by name, on both paths", async () => {
    const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: SECRET, now: () => NOW }) } });
    const receiver = zoom({ secret: SECRET, now: () => NOW });
    for (const inner of [undefined, null, {}, { plainToken: "" }, { plainToken: 7 }, "plainToken"]) {
      const payload = {
        event: "endpoint.url_validation",
        ...(inner === undefined ? {} : { payload: inner }),
      };
      const routed = await hooks.handle(await signedAt(payload));
      expect(routed.status).toBe(400);
      expect(((await routed.json()) as { error: unknown }).error).toEqual(NO_TOKEN);
      expect(await refusalOf(receiver.verify(await signedAt(payload)))).toEqual(NO_TOKEN);
    }
  });

  it("answers under the first token of a list when it is the one that signed", async () => {
    const hooks = createWebhooks({
      receivers: { zoom: zoom({ secret: [SECRET, "other-token-0123456789"] }) },
    });
    const response = await hooks.handle(
      await zoomTestRequest({
        secret: SECRET,
        payload: { event: "endpoint.url_validation", payload: { plainToken: "tok" } },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      plainToken: "tok",
      encryptedToken: createHmac("sha256", SECRET).update("tok").digest("hex"),
    });
  });

  it("names the signature refusal of a forged url_validation", async () => {
    const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: SECRET }) } });
    const forged = await hooks.handle(
      await zoomTestRequest({
        secret: "not-the-token-000000",
        payload: { event: "endpoint.url_validation", payload: { plainToken: "tok" } },
      }),
    );
    expect(((await forged.json()) as { error: unknown }).error).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/zoom] The signature does not match the body.",
    });
  });

  it("runs handlers for an event that only mentions endpoint.url_validation, and answers no challenge", async () => {
    const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: SECRET }) } });
    const topics: string[] = [];
    hooks.on("zoom", "meeting.started", (event) => {
      topics.push(event.payload.payload.object.topic);
    });
    const body = JSON.parse(fixture);
    body.payload.object.topic = "endpoint.url_validation";
    const response = await hooks.handle(await zoomTestRequest({ secret: SECRET, payload: body }));
    expect(response.status).toBe(200);
    expect(topics).toEqual(["endpoint.url_validation"]);
    const event = await zoom({ secret: SECRET }).verify(
      await zoomTestRequest({ secret: SECRET, payload: body }),
    );
    expect(zoom({ secret: SECRET }).respond?.(event)).toBeUndefined();
  });

  it("refuses a signed body that mentions endpoint.url_validation but is not JSON with the parser's error", async () => {
    const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: SECRET }) } });
    const response = await hooks.handle(
      await zoomTestRequest({ secret: SECRET, payload: '{"event":"endpoint.url_validation"' }),
    );
    expect(response.status).toBe(400);
    // the handshake leaves it to verify, whose parser names it (not "The handshake could not be processed.")
    expect(((await response.json()) as { error: unknown }).error).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/zoom] The body is not valid JSON.",
    });
  });

  it("answers a url_validation challenge only for POST", async () => {
    const signed = await signedAt({ event: "endpoint.url_validation", payload: { plainToken: "tok" } });
    const receiver = zoom({ secret: SECRET, now: () => NOW });
    const parts = {
      method: "PUT",
      url: signed.url,
      headers: signed.headers,
      body: new Uint8Array(await signed.clone().arrayBuffer()),
    };
    expect(await receiver.handshake?.(parts)).toBeUndefined();
    const posted = await receiver.handshake?.({ ...parts, method: "POST" });
    expect(await posted?.json()).toEqual({
      plainToken: "tok",
      encryptedToken: createHmac("sha256", SECRET).update("tok").digest("hex"),
    });
  });

  it("refuses a body whose event is empty or not a string, by name", async () => {
    const receiver = zoom({ secret: SECRET, now: () => NOW });
    for (const event of ["", 7, undefined]) {
      expect(await refusalOf(receiver.verify(await signedAt({ event, payload: {} })))).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/zoom] The body has no "event" field.',
      });
    }
  });

  it("names the package and Zoom's Secret Token when the signature header is missing", async () => {
    const signed = await signedAt(JSON.parse(fixture));
    const headers = Object.fromEntries(signed.headers);
    delete headers["x-zm-signature"];
    const { code, message } = await refusalOf(
      zoom({ secret: SECRET, now: () => NOW }).verify(request(await signed.text(), headers)),
    );
    expect(code).toBe("SIGNATURE_MISSING");
    expect(message).toContain("[@hookwire/zoom]");
    expect(message).toContain(
      "Zoom signs every event notification with the app's Secret Token (Features → Access).",
    );
  });

  it("applies toleranceSeconds and now, to the receiver and to zoomSchemeWith", async () => {
    const receiver = zoom({ secret: SECRET, toleranceSeconds: 600, now: () => NOW });
    const at = (seconds: number) => signedAt(JSON.parse(fixture), { timestamp: NOW / 1000 + seconds });
    expect((await receiver.verify(await at(-599))).type).toBe("meeting.started");
    expect((await receiver.verify(await at(599))).type).toBe("meeting.started");
    expect(await codeOf(receiver.verify(await at(-601)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    const scheme = zoomSchemeWith({ toleranceSeconds: 10, now: () => NOW });
    const near = await scheme.sign({
      body: new TextEncoder().encode("{}"),
      secret: SECRET,
      timestamp: NOW / 1000 - 9,
    });
    const far = await scheme.sign({
      body: new TextEncoder().encode("{}"),
      secret: SECRET,
      timestamp: NOW / 1000 - 11,
    });
    const asRequest = (headers: Record<string, string>) => ({
      method: "POST",
      url: URL_,
      headers: new Headers(headers),
      body: new TextEncoder().encode("{}"),
    });
    expect(await scheme.verify(asRequest(near.headers) as never, [SECRET])).toBe(0);
    expect(
      await codeOf(Promise.resolve().then(() => scheme.verify(asRequest(far.headers) as never, [SECRET]))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("stamps receivedAt with the injected clock", async () => {
    const event = await zoom({ secret: SECRET, now: () => NOW }).verify(await signedAt(JSON.parse(fixture)));
    expect(event.receivedAt).toEqual(new Date(NOW));
  });

  it("applies maxBodyBytes to a Request given to verify", async () => {
    const small = zoom({ secret: SECRET, now: () => NOW, maxBodyBytes: 16 });
    expect(await codeOf(small.verify(await signedAt(JSON.parse(fixture))))).toBe("PAYLOAD_TOO_LARGE");
    const signed = await signedAt(JSON.parse(fixture));
    expect((await zoom({ secret: SECRET, now: () => NOW, maxBodyBytes: 4096 }).verify(signed)).type).toBe(
      "meeting.started",
    );
  });

  it("refuses to be created without options with a coded error", () => {
    expect(() => zoom(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("names its provider, and zoomTestRequest sends Zoom's user agent", async () => {
    expect(zoom({ secret: SECRET }).provider).toBe("zoom");
    const signed = await zoomTestRequest({ secret: SECRET, payload: JSON.parse(fixture) });
    expect(signed.headers.get("user-agent")).toBe("Zoom Marketplace/1.0a");
  });

  it("descriptor: the example is the fixture (Zoom's documented meeting.started), the secret is the Secret Token", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture) });
    expect(descriptor.secretIs).toBe("the app's Secret Token");
  });
});

describe("zoom() media types", () => {
  it("accepts a signed notification without a content type", async () => {
    const signed = await zoomTestRequest({ secret: SECRET, payload: fixture });
    const headers = Object.fromEntries(signed.headers);
    delete headers["content-type"];
    const bare = new Request(URL_, { method: "POST", headers, body: new TextEncoder().encode(fixture) });
    expect(bare.headers.get("content-type")).toBeNull();
    expect((await zoom({ secret: SECRET }).verify(bare)).type).toBe("meeting.started");
  });
});
