import type { Clock, ProviderDescriptor, Receiver, SecretInput, TestRequestSigner } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { codeOf } from "./codes.js";
import { runDescriptorConformance } from "./descriptor-suite.js";
import { runHmacProviderConformance } from "./hmac-suite.js";

/** The Svix / Standard Webhooks published vector (svix-webhooks and standard-webhooks test suites). */
export const SVIX_VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
} as const;
/** A second valid `whsec_` secret. */
const OTHER = "whsec_dGhpcy1pcy1hLXNlY29uZC1zaWduaW5nLWtleQ==";

/** How to run {@link runSvixProviderConformance} for a provider that delivers through Svix. */
export interface SvixProviderHarness {
  /** The provider name (the receiver key and the URL segment). */
  name: string;
  /** The provider's factory. */
  create(options: { secret: SecretInput; now?: Clock }): Receiver<any, string>;
  /** The provider's test-request helper (from its `/testing` subpath). */
  testRequest: TestRequestSigner;
  /** The package's descriptor (from its `/testing` subpath). */
  descriptor: ProviderDescriptor;
  /** A delivery body the provider sends (its documented example). */
  fixture: string;
  /** The event type of that delivery (and of the descriptor's example). */
  type: string;
  /** svix's `Webhook` class, the independent signer and verifier (the package's dev dependency). */
  svix: new (
    secret: string,
  ) => {
    sign(id: string, date: Date, body: string): string;
    verify(body: string, headers: Record<string, string>): unknown;
  };
  /** The provider's own SDK: the type it reads from a request; throws (or rejects) under another secret. */
  sdk: {
    name: string;
    verify(request: Request, secret: string): Promise<{ type: string }> | { type: string };
  };
  /** The response deadline the receiver states, in milliseconds. */
  deadlineMs: number;
}

/**
 * The tests every Svix-delivered provider (Clerk, Resend) shares: Svix's published vector, svix's
 * signer and the provider's SDK both ways, the `whsec_` secret and a malformed body refused, the
 * HMAC provider suite with a 300 s window, and the descriptor's conformance and example. The
 * provider's typed handler test stays in the package.
 *
 * @example
 * ```ts
 * runSvixProviderConformance({ name: "clerk", create: clerk, testRequest: clerkTestRequest, descriptor,
 *   fixture: FIXTURE, type: "user.created", svix: Webhook, deadlineMs: 15_000,
 *   sdk: { name: "verifyWebhook", verify: (request, secret) => verifyWebhook(request, { signingSecret: secret }) } });
 * ```
 */
export function runSvixProviderConformance(h: SvixProviderHarness): void {
  const request = (body: string, headers: Record<string, string>) =>
    new Request(`https://example.com/webhooks/${h.name}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const secret = SVIX_VECTOR.secret;

  describe(`${h.name}() as a Svix provider`, () => {
    it("verifies the Svix published vector with svix-* headers", async () => {
      const vector = request(SVIX_VECTOR.body, {
        "svix-id": SVIX_VECTOR.id,
        "svix-timestamp": String(SVIX_VECTOR.timestamp),
        "svix-signature": SVIX_VECTOR.signature,
      });
      const event = await h
        .create({ secret, now: () => SVIX_VECTOR.timestamp * 1000 })
        .verify(vector.clone());
      expect(event.id).toBe(SVIX_VECTOR.id);
      expect(event.provider).toBe(h.name);
      expect(await codeOf(h.create({ secret }).verify(vector.clone()))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    });

    it(`verifies what svix signs, and ${h.sdk.name} accepts what the test helper signs`, async () => {
      const id = "msg_2aXtbMTdQx7G0Y3rX2";
      const now = new Date();
      const signature = new h.svix(secret).sign(id, now, h.fixture);
      const event = await h.create({ secret }).verify(
        request(h.fixture, {
          "svix-id": id,
          "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
          "svix-signature": signature,
        }),
      );
      expect(event.type).toBe(h.type);

      const ours = await h.testRequest({ secret, payload: h.fixture });
      expect((await h.sdk.verify(ours.clone(), secret)).type).toBe(h.type);
      expect(() => new h.svix(secret).verify(h.fixture, Object.fromEntries(ours.headers))).not.toThrow();
      await expect(Promise.resolve().then(() => h.sdk.verify(ours.clone(), OTHER))).rejects.toThrow();
    });

    it("refuses a secret that is not whsec_ base64 when created, and a malformed body", async () => {
      expect(() => h.create({ secret: "whsec_!!" })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
      const malformed = await h.testRequest({ secret, payload: "{" });
      expect(await codeOf(h.create({ secret }).verify(malformed))).toBe("PAYLOAD_INVALID");
      expect(h.create({ secret }).deadlineMs).toBe(h.deadlineMs);
    });
  });

  runHmacProviderConformance({
    name: h.name,
    create: ({ secret }) => h.create({ secret }),
    testRequest: h.testRequest,
    payload: JSON.parse(h.fixture),
    type: h.type,
    signatureHeader: "svix-signature",
    secrets: [secret, OTHER],
    toleranceSeconds: 300,
  });

  describe("descriptor", () => {
    runDescriptorConformance(h.descriptor, { name: h.name });
  });

  describe("descriptor.example", () => {
    it(`is a delivery the descriptor's own receiver reads as ${h.type} when its signer signs it`, async () => {
      const { descriptor } = h;
      const exampleSecret = descriptor.exampleSecret ?? "d".repeat(40);
      const signed = await descriptor.sign({ secret: exampleSecret, ...descriptor.example! });
      expect((await descriptor.receiver(exampleSecret).verify(signed)).type).toBe(h.type);
    });
  });
}
