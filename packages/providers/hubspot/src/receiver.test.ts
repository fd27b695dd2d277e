import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { Signature } from "@hubspot/api-client";
import { describe, expect, it } from "vitest";
import { hubspot } from "./receiver.js";
import { hubspotSchemeWith, hubspotV3Uri } from "./scheme.js";
import { descriptor, hubspotTestRequest } from "./testing.js";

const fixture = readFileSync(
  new URL("../test/fixtures/contact-creation.json", import.meta.url),
  "utf8",
).trim();
const SDK_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const SECRET = "hubspot-client-secret-0123456789";
const URL_ = "https://www.example.com/webhook_uri";

function request(url: string, body: string, headers: Record<string, string>, method = "POST"): Request {
  return new Request(url, {
    method,
    ...(method === "GET" ? {} : { body }),
    headers: { "content-type": "application/json", ...headers },
  });
}

const matchIndex = async (req: Request, secrets: string[]) => {
  const body = new Uint8Array(await req.arrayBuffer());
  return hubspotSchemeWith().verify(
    { method: req.method, url: req.url, headers: req.headers, body },
    secrets,
  );
};

runHmacProviderConformance({
  name: "hubspot",
  create: hubspot,
  testRequest: hubspotTestRequest,
  payload: JSON.parse(fixture),
  type: "events",
  signatureHeader: "x-hubspot-signature-v3",
  toleranceSeconds: 300,
});

describe("hubspot()", () => {
  it("agrees with the v1 and v2 vectors of HubSpot's SDK tests", async () => {
    const v1 = { "x-hubspot-signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de" };
    const event = await hubspot({ secret: SDK_SECRET }).verify(request(URL_, fixture, v1));
    expect(event.type).toBe("events");
    expect(event.meta.signatureVersion).toBe("v1");
    expect((event.payload as Array<{ subscriptionType: string }>)[0]!.subscriptionType).toBe(
      "contact.creation",
    );
    expect(event.idempotencyKeys).toEqual(["1"]);
    const v2get = {
      "x-hubspot-signature": "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
      "x-hubspot-signature-version": "v2",
    };
    expect(await matchIndex(request(URL_, "", v2get, "GET"), ["other", SDK_SECRET])).toBe(1);
    const v2post = {
      "x-hubspot-signature": "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
      "x-hubspot-signature-version": "v2",
    };
    const posted = await hubspot({ secret: SDK_SECRET }).verify(
      request(URL_, '{"example_field":"example_value"}', v2post),
    );
    expect(posted.type).toBe("request");
    expect(posted.meta.signatureVersion).toBe("v2");
    // v2 signs the URL: another URL, method or secret fails
    expect(
      await matchIndex(request(`${URL_}?x=1`, '{"example_field":"example_value"}', v2post), [SDK_SECRET]),
    ).toBe(-1);
    expect(await matchIndex(request(URL_, "", v2get, "DELETE"), [SDK_SECRET])).toBe(-1);
    expect(await codeOf(hubspot({ secret: "other-secret" }).verify(request(URL_, fixture, v1)))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("signs v3, v2 and v1 as @hubspot/api-client's Signature checks them, and verifies its signatures", async () => {
    const body = '{"example_field":"example_value","unicode":"♥"}';
    for (const version of ["v3", "v2", "v1"] as const) {
      const signed = await hubspotTestRequest({ secret: SECRET, payload: body, url: URL_, version });
      const header = version === "v3" ? "x-hubspot-signature-v3" : "x-hubspot-signature";
      const timestamp = signed.headers.get("x-hubspot-request-timestamp");
      const options = {
        signature: signed.headers.get(header)!,
        clientSecret: SECRET,
        requestBody: body,
        url: URL_,
        method: "POST",
        signatureVersion: version,
        ...(timestamp === null ? {} : { timestamp: Number(timestamp) }),
      };
      expect(Signature.isValid(options), version).toBe(true);
      expect(Signature.isValid({ ...options, clientSecret: "wrong" }), version).toBe(false);
      // the SDK's own signature, in HubSpot's headers, verifies here
      const sdkSignature = Signature.getSignature("POST", version, options);
      const event = await hubspot({ secret: SECRET, versions: [version] }).verify(
        request(URL_, body, {
          [header]: sdkSignature,
          ...(version === "v3"
            ? { "x-hubspot-request-timestamp": timestamp! }
            : { "x-hubspot-signature-version": version }),
        }),
      );
      expect(event.type, version).toBe("request");
    }
  });

  it("decodes the characters HubSpot decodes in the v3 URI, and signs the configured URL", async () => {
    expect(hubspotV3Uri("https://example.com/hook%3Fa%3Db%2Fc?q=%20%3A%40x")).toBe(
      "https://example.com/hook?a%3Db/c?q=%20:@x",
    );
    const sent = "https://example.com/webhooks/hubspot?portal=1%3A2";
    const signed = await hubspotTestRequest({ secret: SECRET, payload: fixture, url: sent });
    // what HubSpot computes: the decoded URI
    expect(
      Signature.isValid({
        signature: signed.headers.get("x-hubspot-signature-v3")!,
        clientSecret: SECRET,
        requestBody: fixture,
        url: "https://example.com/webhooks/hubspot?portal=1:2",
        method: "POST",
        signatureVersion: "v3",
        timestamp: Number(signed.headers.get("x-hubspot-request-timestamp")),
      }),
    ).toBe(true);
    const proxied = new Request("http://10.0.0.1:8080/hubspot", {
      method: "POST",
      body: fixture,
      headers: signed.headers,
    });
    expect(await codeOf(hubspot({ secret: SECRET }).verify(proxied.clone()))).toBe("SIGNATURE_INVALID");
    expect((await hubspot({ secret: SECRET, url: sent }).verify(proxied.clone())).type).toBe("events");
  });

  it("accepts only the versions asked for", async () => {
    const v1 = await hubspotTestRequest({ secret: SECRET, payload: fixture, version: "v1" });
    expect(await codeOf(hubspot({ secret: SECRET, versions: ["v3"] }).verify(v1.clone()))).toBe(
      "SIGNATURE_MISSING",
    );
    expect((await hubspot({ secret: SECRET, versions: ["v1"] }).verify(v1.clone())).type).toBe("events");
    const v3 = await hubspotTestRequest({ secret: SECRET, payload: fixture });
    expect(await codeOf(hubspot({ secret: SECRET, versions: ["v1", "v2"] }).verify(v3))).toBe(
      "SIGNATURE_MISSING",
    );
    for (const versions of [[], ["v4"]]) {
      expect(() => hubspot({ secret: SECRET, versions: versions as ["v3"] })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("runs each event of a batch once when HubSpot retries it in another batch", async () => {
    const hooks = createWebhooks({
      receivers: { hubspot: hubspot({ secret: SECRET }) },
      idempotency: { store: memoryIdempotencyStore() },
    });
    const seen: number[] = [];
    hooks.on("hubspot", "events", (event) => {
      for (const item of event.payload) seen.push(item.eventId);
    });
    const [first] = JSON.parse(fixture) as Array<Record<string, unknown>>;
    const batch = (ids: number[]) => ids.map((eventId) => ({ ...first, eventId }));
    const url = "https://example.com/webhooks/hubspot";
    await hooks.handle(await hubspotTestRequest({ secret: SECRET, payload: batch([1, 2]), url }));
    await hooks.handle(await hubspotTestRequest({ secret: SECRET, payload: batch([2, 3]), url }));
    expect(seen).toEqual([1, 2, 3]);
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed requests with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = hubspot({ secret: SECRET, now: () => now * 1000 });
    const good = await hubspotTestRequest({ secret: SECRET, payload: fixture, timestamp: now, url: URL_ });
    const headers = Object.fromEntries(good.headers);
    expect((await receiver.verify(request(URL_, fixture, headers))).type).toBe("events");
    expect(await codeOf(receiver.verify(request(URL_, `${fixture} `, headers)))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(URL_, fixture, { ...headers, "x-hubspot-request-timestamp": String(now * 1000 + 1) }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          await hubspotTestRequest({ secret: SECRET, payload: fixture, timestamp: now - 301, url: URL_ }),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    const { "x-hubspot-request-timestamp": _t, ...noTimestamp } = headers;
    expect(await codeOf(receiver.verify(request(URL_, fixture, noTimestamp)))).toBe("HEADER_INVALID");
    const { "x-hubspot-signature-v3": _s, ...unsigned } = headers;
    expect(await codeOf(receiver.verify(request(URL_, fixture, unsigned)))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(
          request(URL_, fixture, { "x-hubspot-signature": "abc", "x-hubspot-signature-version": "v9" }),
        ),
      ),
    ).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(
          await hubspotTestRequest({
            secret: "wrong-secret-000",
            payload: fixture,
            timestamp: now,
            url: URL_,
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "42", '[{"eventId":1}]', "[null]"]) {
      expect(
        await codeOf(
          receiver.verify(
            await hubspotTestRequest({ secret: SECRET, payload: broken, timestamp: now, url: URL_ }),
          ),
        ),
        broken,
      ).toBe("PAYLOAD_INVALID");
    }
    expect(receiver.deadlineMs).toBe(5000);
  });

  runDescriptorConformance(descriptor, { name: "hubspot" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as events when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("events");
  });
});

describe("hubspot() — cases found by mutation testing", () => {
  const body = '{"example_field":"example_value"}';
  const bytes = new TextEncoder().encode(body);
  /** A v3 request signed by @hubspot/api-client's Signature.getSignature at `timestamp` (ms). */
  const sdkV3 = (timestamp: number, url = URL_, method = "POST") =>
    request(url, body, {
      "x-hubspot-signature-v3": Signature.getSignature(method, "v3", {
        signature: "",
        clientSecret: SECRET,
        requestBody: body,
        url,
        timestamp,
      }),
      "x-hubspot-request-timestamp": String(timestamp),
    });
  const sdkLegacy = (version: "v1" | "v2", secret = SECRET, url = URL_, method = "POST") =>
    Signature.getSignature(method, version, { signature: "", clientSecret: secret, requestBody: body, url });

  it("applies toleranceSeconds without a custom clock, in the receiver and in hubspotSchemeWith", async () => {
    const sent = Date.now() - 120_000;
    expect(await codeOf(hubspot({ secret: SECRET, toleranceSeconds: 60 }).verify(sdkV3(sent)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect((await hubspot({ secret: SECRET }).verify(sdkV3(sent))).type).toBe("request");
    const parts = async (req: Request) => ({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: new Uint8Array(await req.arrayBuffer()),
    });
    expect(
      await codeOf(
        (async () =>
          hubspotSchemeWith({ toleranceSeconds: 60 }).verify(await parts(sdkV3(sent)), [SECRET]))(),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await hubspotSchemeWith().verify(await parts(sdkV3(sent)), [SECRET])).toBe(0);
  });

  it("stamps receivedAt with the injected clock, names its provider and applies maxBodyBytes", async () => {
    const now = 1_700_000_000_000;
    const event = await hubspot({ secret: SECRET, now: () => now }).verify(sdkV3(now));
    expect(event.receivedAt).toEqual(new Date(now));
    expect(event.provider).toBe("hubspot");
    expect(event.meta.signatureVersion).toBe("v3");
    expect(await codeOf(hubspot({ secret: SECRET, maxBodyBytes: 16 }).verify(sdkV3(Date.now())))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect((await hubspot({ secret: SECRET, maxBodyBytes: 64 }).verify(sdkV3(Date.now()))).type).toBe(
      "request",
    );
  });

  it("gives the first matching index of a repeated secret for v1 and v2", async () => {
    const v1 = request(URL_, body, { "x-hubspot-signature": sdkLegacy("v1") });
    expect(await matchIndex(v1.clone(), [SECRET, SECRET])).toBe(0);
    expect(await matchIndex(v1, ["other", SECRET, SECRET])).toBe(1);
    const v2 = request(URL_, body, {
      "x-hubspot-signature": sdkLegacy("v2"),
      "x-hubspot-signature-version": "v2",
    });
    expect(await matchIndex(v2, [SECRET, SECRET])).toBe(0);
  });

  it("reads X-HubSpot-Signature only as v1 or v2: a v2 computation labelled v3 is no signature", async () => {
    const labelled = request(URL_, body, {
      "x-hubspot-signature": sdkLegacy("v2"),
      "x-hubspot-signature-version": "v3",
    });
    expect(await refusalOf(hubspot({ secret: SECRET }).verify(labelled))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/hubspot] No signature of an accepted version (v1, v2, v3): X-HubSpot-Signature-v3, or X-HubSpot-Signature with X-HubSpot-Signature-Version.",
    });
    const v1 = request(URL_, body, { "x-hubspot-signature": sdkLegacy("v1") });
    expect((await refusalOf(hubspot({ secret: SECRET, versions: ["v3"] }).verify(v1))).message).toBe(
      "[@hookwire/hubspot] No signature of an accepted version (v3): X-HubSpot-Signature-v3, or X-HubSpot-Signature with X-HubSpot-Signature-Version.",
    );
  });

  it("asks a url function for the URL HubSpot signed, per request", async () => {
    const seen: string[] = [];
    const receiver = hubspot({
      secret: SECRET,
      url: (req) => {
        seen.push(req.url);
        return URL_;
      },
    });
    const proxied = "http://10.0.0.1:8080/hubspot";
    const v2 = request(proxied, body, {
      "x-hubspot-signature": sdkLegacy("v2"),
      "x-hubspot-signature-version": "v2",
    });
    expect((await receiver.verify(v2)).meta.signatureVersion).toBe("v2");
    const v3 = sdkV3(Date.now());
    expect(
      (await receiver.verify(new Request(proxied, { method: "POST", headers: v3.headers, body }))).type,
    ).toBe("request");
    expect(seen).toEqual([proxied, proxied]);
  });

  it("signs v1 and v2 as the SDK computes them: the configured URL, the method (POST by default), the first secret", async () => {
    const v2 = hubspotSchemeWith({ versions: ["v2"], url: URL_ });
    expect(await v2.sign({ body: bytes, secret: SECRET })).toEqual({
      headers: { "X-HubSpot-Signature": sdkLegacy("v2"), "X-HubSpot-Signature-Version": "v2" },
    });
    expect((await v2.sign({ body: bytes, secret: SECRET, method: "GET" })).headers).toEqual({
      "X-HubSpot-Signature": sdkLegacy("v2", SECRET, URL_, "GET"),
      "X-HubSpot-Signature-Version": "v2",
    });
    const other = "https://hooks.example.org/h";
    expect((await v2.sign({ body: bytes, secret: SECRET, url: other })).headers).toEqual({
      "X-HubSpot-Signature": sdkLegacy("v2", SECRET, other),
      "X-HubSpot-Signature-Version": "v2",
    });
    expect(
      await hubspotSchemeWith({ versions: ["v1"] }).sign({ body: bytes, secret: [SECRET, "second-secret"] }),
    ).toEqual({
      headers: { "X-HubSpot-Signature": sdkLegacy("v1"), "X-HubSpot-Signature-Version": "v1" },
    });
    // v3 is signed whenever it is accepted, wherever it is in the list
    const now = Date.now();
    const v3 = await hubspotSchemeWith({ versions: ["v3", "v1"], url: URL_ }).sign({
      body: bytes,
      secret: SECRET,
      timestamp: now / 1000,
    });
    expect(v3.headers).toEqual({
      "X-HubSpot-Signature-v3": Signature.getSignature("POST", "v3", {
        signature: "",
        clientSecret: SECRET,
        requestBody: body,
        url: URL_,
        timestamp: now,
      }),
      "X-HubSpot-Request-Timestamp": String(now),
    });
  });

  it("refuses to sign v2 or v3 without a URL (an empty one would be signed), and signs v1 without one", async () => {
    const message = (version: string) =>
      `[@hookwire/hubspot] Signing ${version} needs the URL HubSpot sends to: pass { url } (or a url string to hubspotSchemeWith).`;
    expect(await refusalOf(hubspotSchemeWith().sign({ body: bytes, secret: SECRET }))).toEqual({
      code: "CONFIGURATION_INVALID",
      message: message("v3"),
    });
    expect(
      await refusalOf(
        hubspotSchemeWith({ versions: ["v2"], url: () => URL_ }).sign({ body: bytes, secret: SECRET }),
      ),
    ).toEqual({ code: "CONFIGURATION_INVALID", message: message("v2") });
    // a url function is for verifying; signing is given the URL
    const { headers } = await hubspotSchemeWith({
      versions: ["v2"],
      url: () => "https://ignored.example/x",
    }).sign({
      body: bytes,
      secret: SECRET,
      url: URL_,
    });
    expect(headers["X-HubSpot-Signature"]).toBe(sdkLegacy("v2"));
    expect(
      (await hubspotSchemeWith({ versions: ["v1"] }).sign({ body: bytes, secret: SECRET })).headers,
    ).toEqual({
      "X-HubSpot-Signature": sdkLegacy("v1"),
      "X-HubSpot-Signature-Version": "v1",
    });
  });

  it("hubspotTestRequest labels v2 and v1 and sends HubSpot's user agent", async () => {
    for (const version of ["v2", "v1"] as const) {
      const signed = await hubspotTestRequest({ secret: SECRET, payload: fixture, version });
      expect(signed.headers.get("x-hubspot-signature-version")).toBe(version);
    }
    const signed = await hubspotTestRequest({ secret: SECRET, payload: fixture });
    expect(signed.headers.get("user-agent")).toBe("HubSpot Connect 2.0 (http://dev.hubspot.com/)");
  });

  it("refuses versions other than v1, v2 and v3 by name, and no options with a coded error", () => {
    expect(() => hubspot({ secret: SECRET, versions: ["v3", "v4" as "v3"] })).toThrow(
      expect.objectContaining({
        code: "CONFIGURATION_INVALID",
        message: '[@hookwire/hubspot] versions must list "v1", "v2" and/or "v3".',
      }),
    );
    expect(() => hubspot(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("reads a batch strictly: each item needs a subscriptionType, every item an id for idempotency keys", async () => {
    const now = 1_700_000_000;
    const receiver = hubspot({ secret: SECRET, now: () => now * 1000 });
    const verify = async (payload: string) =>
      receiver.verify(await hubspotTestRequest({ secret: SECRET, payload, timestamp: now, url: URL_ }));
    for (const bad of ['[{"subscriptionType":""}]', "[null]", "[1]", '["contact.creation"]']) {
      expect(await refusalOf(verify(bad)), bad).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/hubspot] An event of the batch has no "subscriptionType".',
      });
    }
    expect(await refusalOf(verify("null"))).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/hubspot] The body is neither an event batch nor a JSON object.",
    });
    const item = { subscriptionType: "contact.creation", objectId: 1 };
    const keysOf = async (items: unknown[]) => (await verify(JSON.stringify(items))).idempotencyKeys;
    expect(
      await keysOf([
        { ...item, eventId: "e-1" },
        { ...item, eventId: 7 },
      ]),
    ).toEqual(["e-1", "7"]);
    expect(await keysOf([{ ...item, eventId: 1 }, item])).toBeUndefined();
    expect(await keysOf([{ ...item, eventId: "" }])).toBeUndefined();
    expect(await keysOf([{ ...item, eventId: true }])).toBeUndefined();
    expect(await keysOf([])).toBeUndefined();
    expect(
      (
        await verify(
          `[{"subscriptionType":"contact.creation","eventId":1e999},{"subscriptionType":"x","eventId":2}]`,
        )
      ).idempotencyKeys,
    ).toBeUndefined();
  });

  it("accepts a body without content type, and refuses another media type", async () => {
    const now = 1_700_000_000;
    const receiver = hubspot({ secret: SECRET, now: () => now * 1000 });
    const signed = await hubspotTestRequest({ secret: SECRET, payload: fixture, timestamp: now, url: URL_ });
    const headers = new Headers(signed.headers);
    headers.delete("content-type");
    const bare = new Request(URL_, { method: "POST", headers, body: new TextEncoder().encode(fixture) });
    expect(bare.headers.get("content-type")).toBeNull();
    expect((await receiver.verify(bare)).type).toBe("events");
    headers.set("content-type", "text/plain");
    expect(await codeOf(receiver.verify(new Request(URL_, { method: "POST", headers, body: fixture })))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("descriptor: the example is the fixture (HubSpot's contact.creation), the secret is the client secret", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture) });
    expect(descriptor.secretIs).toBe("the app's client secret");
  });
});
