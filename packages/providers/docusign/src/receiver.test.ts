import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { docusign } from "./receiver.js";
import { descriptor, docusignTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/envelope-completed.json", import.meta.url), "utf8");
const KEY = "4Ky1iDPjmJtjZ3g0DNVYCrNm/AdZb53J1t6WzQEkPoc=";

/**
 * DocuSign's how-to "Validate an HMAC signature" (ComputeHash / HashIsValid): the key's UTF-8 bytes,
 * HMAC-SHA256 over the whole body, base64 — the key is used as text even though it looks like base64.
 */
const docHash = (secret: string, payload: string) =>
  createHmac("sha256", Buffer.from(secret, "utf8")).update(payload).digest("base64");

function request(body: string, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/docusign", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

runHmacProviderConformance({
  name: "docusign",
  create: docusign,
  testRequest: docusignTestRequest,
  payload: JSON.parse(fixture),
  type: "envelope-completed",
  signatureHeader: "x-docusign-signature-1",
});

describe("docusign()", () => {
  it("verifies and signs as DocuSign's documented computation, with the key as text", async () => {
    const event = await docusign({ secret: KEY }).verify(
      request(fixture, { "x-docusign-signature-1": docHash(KEY, fixture) }),
    );
    expect(event.type).toBe("envelope-completed");
    expect(event.id).toBeUndefined();
    expect(event.meta).toMatchObject({ envelopeId: "93be49ab-xxxx-xxxx-xxxx-f752070d71ec", retryCount: 0 });
    const signed = await docusignTestRequest({ secret: KEY, payload: fixture });
    expect(signed.headers.get("x-docusign-signature-1")).toBe(docHash(KEY, fixture));
    expect(signed.headers.get("x-authorization-digest")).toBe("HMACSHA256");
    // the base64-decoded key is not the key
    const decoded = createHmac("sha256", Buffer.from(KEY, "base64")).update(fixture).digest("base64");
    expect(
      await codeOf(docusign({ secret: KEY }).verify(request(fixture, { "x-docusign-signature-1": decoded }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("accepts any of several X-DocuSign-Signature-<n> headers under any configured key", async () => {
    const keys = ["connect-key-one-0000", "connect-key-two-1111", "connect-key-three-22"];
    const signed = await docusignTestRequest({ secret: keys[0]!, keys, payload: fixture });
    expect(signed.headers.get("x-docusign-signature-3")).toBe(docHash(keys[2]!, fixture));
    for (const key of keys) {
      expect((await docusign({ secret: key }).verify(signed.clone())).type).toBe("envelope-completed");
    }
    expect((await docusign({ secret: ["unrelated-key-9999", keys[1]!] }).verify(signed.clone())).type).toBe(
      "envelope-completed",
    );
    // a signature in header 17 (DocuSign allows up to 100 keys) counts too
    const far = request(fixture, {
      "x-docusign-signature-1": docHash("other", fixture),
      "x-docusign-signature-17": docHash(KEY, fixture),
    });
    expect((await docusign({ secret: KEY }).verify(far)).type).toBe("envelope-completed");
    // header 0 is not one of DocuSign's
    const zero = request(fixture, { "x-docusign-signature-0": docHash(KEY, fixture) });
    expect(await codeOf(docusign({ secret: KEY }).verify(zero))).toBe("SIGNATURE_MISSING");
  });

  it("refuses tampered, missing-header, wrong-secret and malformed requests with coded errors", async () => {
    const receiver = docusign({ secret: KEY });
    const signature = docHash(KEY, fixture);
    expect(
      await codeOf(
        receiver.verify(
          request(fixture.replace("completed", "declined"), { "x-docusign-signature-1": signature }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-docusign-signature-1": "%%%" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-docusign-signature-1": docHash("wrong", fixture) })),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"data":{}}']) {
      expect(
        await codeOf(receiver.verify(request(broken, { "x-docusign-signature-1": docHash(KEY, broken) }))),
      ).toBe("PAYLOAD_INVALID");
    }
    const xml = "<DocuSignEnvelopeInformation/>";
    expect(
      await codeOf(
        receiver.verify(
          request(xml, { "x-docusign-signature-1": docHash(KEY, xml), "content-type": "text/xml" }),
        ),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("runs handlers through the router by event", async () => {
    const hooks = createWebhooks({ receivers: { docusign: docusign({ secret: KEY }) } });
    const seen: string[] = [];
    hooks.on("docusign", "envelope-completed", (event) => {
      seen.push(event.payload.data.envelopeId);
    });
    expect(
      (await hooks.handle(await docusignTestRequest({ secret: KEY, payload: fixture }))).status,
    ).toBeLessThan(300);
    expect(seen).toEqual(["93be49ab-xxxx-xxxx-xxxx-f752070d71ec"]);
  });

  runDescriptorConformance(descriptor, { name: "docusign" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as envelope-completed when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("envelope-completed");
  });
});

describe("docusign — cases found by the mutation run", () => {
  const P = "[@hookwire/docusign]";
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => ["OK", ""],
      (error: { code: string; message: string }) => [error.code, error.message],
    );

  it("reads only headers named exactly X-DocuSign-Signature-<1 to 3 digits>", async () => {
    const right = docHash(KEY, fixture);
    for (const name of [
      "x-copy-x-docusign-signature-1",
      "x-docusign-signature-1000",
      "x-docusign-signature-1-old",
    ]) {
      expect(
        await errorOf(docusign({ secret: KEY }).verify(request(fixture, { [name]: right }))),
        name,
      ).toEqual([
        "SIGNATURE_MISSING",
        `${P} No X-DocuSign-Signature-<n> header. Tick "Include HMAC Signature" in the Connect configuration and add a Connect key.`,
      ]);
    }
    expect(
      await errorOf(
        docusign({ secret: KEY }).verify(request(fixture, { "x-docusign-signature-100": right })),
      ),
    ).toEqual(["OK", ""]);
  });

  it("names the provider and package, refuses a mismatch and a body without event in its own words", async () => {
    const event = await docusign({ secret: KEY }).verify(
      request(fixture, { "x-docusign-signature-1": docHash(KEY, fixture) }),
    );
    expect(event.provider).toBe("docusign");
    expect(event.meta.retryCount).toBe(JSON.parse(fixture).retryCount);
    expect(
      await errorOf(
        docusign({ secret: KEY }).verify(
          request(fixture, { "x-docusign-signature-1": docHash("other", fixture) }),
        ),
      ),
    ).toEqual([
      "SIGNATURE_INVALID",
      `${P} No X-DocuSign-Signature-<n> header matches the body under a configured Connect key.`,
    ]);
    const noEvent = '{"data":{}}';
    expect(
      await errorOf(
        docusign({ secret: KEY }).verify(
          request(noEvent, { "x-docusign-signature-1": docHash(KEY, noEvent) }),
        ),
      ),
    ).toEqual([
      "PAYLOAD_INVALID",
      `${P} The body has no "event" field: set the Connect configuration's data format to JSON (SIM).`,
    ]);
  });

  it("the descriptor's example is the documented envelope-completed delivery (the fixture)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture));
  });
});
