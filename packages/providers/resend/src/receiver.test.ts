import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runSvixProviderConformance, SVIX_VECTOR } from "@hookwire/test-utils";
import { Resend } from "resend";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { resend } from "./receiver.js";
import { descriptor, resendTestRequest } from "./testing.js";

const FIXTURE = readFileSync(new URL("../test/fixtures/email-bounced.json", import.meta.url), "utf8");

runSvixProviderConformance({
  name: "resend",
  create: resend,
  testRequest: resendTestRequest,
  descriptor,
  fixture: FIXTURE,
  type: "email.bounced",
  svix: Webhook,
  // the resend SDK's webhooks.verify, given the body and the svix-* headers
  sdk: {
    name: "the resend SDK's webhooks.verify",
    async verify(request, secret) {
      const headers = {
        id: request.headers.get("svix-id")!,
        timestamp: request.headers.get("svix-timestamp")!,
        signature: request.headers.get("svix-signature")!,
      };
      const payload = await request.text();
      return new Resend("re_test_key").webhooks.verify({ payload, headers, webhookSecret: secret });
    },
  },
  deadlineMs: 15_000,
});

describe("resend()", () => {
  it("types the payload by Resend's event type and runs the handler", async () => {
    const hooks = createWebhooks({ receivers: { resend: resend({ secret: SVIX_VECTOR.secret }) } });
    const seen: string[] = [];
    hooks.on("resend", "email.bounced", (event) => {
      seen.push(event.payload.data.bounce.type);
    });
    const response = await hooks.handle(
      await resendTestRequest({ secret: SVIX_VECTOR.secret, payload: FIXTURE }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual(["Permanent"]);
  });
});

describe("resend() options and the test helper", () => {
  const NOW = 1_700_000_000;

  it("applies toleranceSeconds and now (the injected clock also stamps receivedAt)", async () => {
    const receiver = resend({ secret: SVIX_VECTOR.secret, toleranceSeconds: 60, now: () => NOW * 1000 });
    const at = (seconds: number) =>
      resendTestRequest({ secret: SVIX_VECTOR.secret, payload: FIXTURE, timestamp: NOW + seconds });
    const event = await receiver.verify(await at(-59));
    expect(event.type).toBe("email.bounced");
    expect(event.receivedAt).toEqual(new Date(NOW * 1000));
    expect(await codeOf(receiver.verify(await at(-61)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await codeOf(receiver.verify(await at(61)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    // the default window is 300 s
    const fixed = resend({ secret: SVIX_VECTOR.secret, now: () => NOW * 1000 });
    expect(await codeOf(fixed.verify(await at(-299)))).toBe("OK");
    expect(await codeOf(fixed.verify(await at(-301)))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("applies maxBodyBytes to a Request given to verify, and refuses to be created without options", async () => {
    const signed = () => resendTestRequest({ secret: SVIX_VECTOR.secret, payload: FIXTURE });
    expect(
      await codeOf(resend({ secret: SVIX_VECTOR.secret, maxBodyBytes: 16 }).verify(await signed())),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(resend({ secret: SVIX_VECTOR.secret, maxBodyBytes: 1 << 16 }).verify(await signed())),
    ).toBe("OK");
    expect(() => resend(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("resendTestRequest signs with svix-* headers for email.delivered at Resend's default URL unless told otherwise", async () => {
    const plain = await resendTestRequest({
      secret: SVIX_VECTOR.secret,
      payload: { data: {} },
      id: "msg_1",
      timestamp: NOW,
    });
    expect(plain.url).toBe("https://example.com/webhooks/resend");
    expect(JSON.parse(await plain.clone().text()).type).toBe("email.delivered");
    expect(plain.headers.get("svix-id")).toBe("msg_1");
    expect(plain.headers.get("svix-timestamp")).toBe(String(NOW));
    const chosen = await resendTestRequest({
      secret: SVIX_VECTOR.secret,
      payload: { data: {} },
      event: "email.opened",
      url: "https://hooks.example/resend",
    });
    expect(chosen.url).toBe("https://hooks.example/resend");
    expect(
      new Webhook(SVIX_VECTOR.secret).verify(await chosen.clone().text(), Object.fromEntries(chosen.headers)),
    ).toMatchObject({
      type: "email.opened",
    });
    expect(JSON.parse(await chosen.text()).type).toBe("email.opened");
  });

  it("descriptor: the example is the fixture (Resend's email.bounced), the secret is whsec_", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(FIXTURE) });
    expect(descriptor.secretIs).toBe("the webhook's signing secret (whsec_…)");
  });
});
