import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { computeWebhookSignature } from "box-node-sdk/lib/internal/utils";
import { WebhooksManager } from "box-node-sdk/lib/managers/webhooks";
import { describe, expect, it } from "vitest";
import { box } from "./receiver.js";
import { boxTestRequest, descriptor } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/file-uploaded.json", import.meta.url), "utf8");
const PRIMARY = "SamplePrimaryKey0123456789abcdef";
const SECONDARY = "SampleSecondaryKey0123456789abcd";

function request(body: string, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/box", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Box's SDK reads lower-case header names. */
const lower = (headers: Headers) => Object.fromEntries([...headers].map(([k, v]) => [k.toLowerCase(), v]));

runHmacProviderConformance({
  name: "box",
  create: ({ secret }) => box({ primaryKey: secret }),
  testRequest: boxTestRequest,
  payload: JSON.parse(fixture),
  type: "FILE.UPLOADED",
  signatureHeader: "box-signature-primary",
  toleranceSeconds: 600,
});

describe("box()", () => {
  it("signs deliveries box-node-sdk's WebhooksManager.validateMessage accepts, raw escapes included", async () => {
    const signed = await boxTestRequest({ secret: PRIMARY, secondaryKey: SECONDARY, payload: fixture });
    const headers = lower(signed.headers);
    expect(headers["box-delivery-timestamp"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(
      await WebhooksManager.validateMessage(fixture, headers as never, PRIMARY, { secondaryKey: SECONDARY }),
    ).toBe(true);
    expect(await WebhooksManager.validateMessage(fixture, headers as never, "other-key")).toBe(false);
    // only the secondary key still valid (the primary was regenerated): the SDK accepts, so do we
    expect(
      await WebhooksManager.validateMessage(fixture, headers as never, "new-primary", {
        secondaryKey: SECONDARY,
      }),
    ).toBe(true);
    const event = await box({ primaryKey: "new-primary", secondaryKey: SECONDARY }).verify(signed.clone());
    expect(event.type).toBe("FILE.UPLOADED");
    expect(event.id).toBe("eb0c4e06-751f-442c-86f8-fd5bb404dbec");
    expect((event.payload as { source: { name: string } }).source.name).toBe("Contract été / 2020.pdf");
  });

  it("verifies signatures computed by box-node-sdk", async () => {
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, "+00:00");
    const base = {
      "box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
      "box-delivery-timestamp": timestamp,
      "box-signature-algorithm": "HmacSHA256",
      "box-signature-version": "1",
    };
    const primary = await computeWebhookSignature(fixture, base, PRIMARY);
    const secondary = await computeWebhookSignature(fixture, base, SECONDARY);
    const headers = { ...base, "box-signature-primary": primary!, "box-signature-secondary": secondary! };
    const event = await box({ primaryKey: PRIMARY }).verify(request(fixture, headers));
    expect(event.meta.deliveryId).toBe("f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f");
    expect(event.meta.webhookId).toBe("53");
    expect(
      (await box({ primaryKey: "rotated", secondaryKey: SECONDARY }).verify(request(fixture, headers))).type,
    ).toBe("FILE.UPLOADED");
    // a key checks only its own header: the secondary key does not vouch for the primary signature
    const onlyPrimary = { ...base, "box-signature-primary": secondary! };
    expect(
      await codeOf(
        box({ primaryKey: "rotated", secondaryKey: SECONDARY }).verify(request(fixture, onlyPrimary)),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed deliveries with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = box({ primaryKey: PRIMARY, now: () => now * 1000 });
    const good = await boxTestRequest({ secret: PRIMARY, payload: fixture, timestamp: now });
    const headers = lower(good.headers);
    expect((await receiver.verify(request(fixture, headers))).type).toBe("FILE.UPLOADED");
    // re-serialised JSON (no \u00e9, no \/) is not what Box signed
    expect(await codeOf(receiver.verify(request(JSON.stringify(JSON.parse(fixture)), headers)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { ...headers, "box-delivery-timestamp": "2023-11-14T22:13:21+00:00" }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await boxTestRequest({ secret: PRIMARY, payload: fixture, timestamp: now - 601 })),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    for (const [name, value] of [
      ["box-signature-version", "2"],
      ["box-signature-algorithm", "HmacSHA1"],
    ]) {
      expect(await codeOf(receiver.verify(request(fixture, { ...headers, [name!]: value! }))), name).toBe(
        "SIGNATURE_INVALID",
      );
    }
    const { "box-delivery-timestamp": _t, ...noTimestamp } = headers;
    expect(await codeOf(receiver.verify(request(fixture, noTimestamp)))).toBe("HEADER_INVALID");
    expect(
      await codeOf(receiver.verify(request(fixture, { ...headers, "box-delivery-timestamp": "yesterday" }))),
    ).toBe("HEADER_INVALID");
    const { "box-signature-primary": _p, ...unsigned } = headers;
    expect(await codeOf(receiver.verify(request(fixture, unsigned)))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(await boxTestRequest({ secret: "wrong-key", payload: fixture, timestamp: now })),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"type":"webhook_event"}']) {
      expect(
        await codeOf(
          receiver.verify(await boxTestRequest({ secret: PRIMARY, payload: broken, timestamp: now })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
    for (const secondaryKey of ["", [] as string[]]) {
      expect(() => box({ primaryKey: PRIMARY, secondaryKey })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("runs handlers through the router by trigger", async () => {
    const hooks = createWebhooks({ receivers: { box: box({ primaryKey: PRIMARY }) } });
    const seen: string[] = [];
    hooks.on("box", "FILE.UPLOADED", (event) => {
      seen.push(event.payload.source.id);
    });
    expect(
      (await hooks.handle(await boxTestRequest({ secret: PRIMARY, payload: fixture }))).status,
    ).toBeLessThan(300);
    expect(seen).toEqual(["123"]);
  });

  runDescriptorConformance(descriptor, { name: "box" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as FILE.UPLOADED when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("FILE.UPLOADED");
  });
});
