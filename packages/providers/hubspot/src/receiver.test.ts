import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
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
