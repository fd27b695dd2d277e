import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { Resend } from "resend";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { resend } from "./receiver.js";
import { descriptor, resendTestRequest } from "./testing.js";

const FIXTURE = readFileSync(new URL("../test/fixtures/email-bounced.json", import.meta.url), "utf8");
// The Svix / Standard Webhooks published vector (svix-webhooks and standard-webhooks test suites).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const OTHER = "whsec_dGhpcy1pcy1hLXNlY29uZC1zaWduaW5nLWtleQ==";

function svixRequest(body: string, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/resend", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("resend()", () => {
  it("verifies the Svix published vector with svix-* headers", async () => {
    const request = svixRequest(VECTOR.body, {
      "svix-id": VECTOR.id,
      "svix-timestamp": String(VECTOR.timestamp),
      "svix-signature": VECTOR.signature,
    });
    const event = await resend({ secret: VECTOR.secret, now: () => VECTOR.timestamp * 1000 }).verify(
      request.clone(),
    );
    expect(event.id).toBe(VECTOR.id);
    expect(event.provider).toBe("resend");
    expect(await codeOf(resend({ secret: VECTOR.secret }).verify(request.clone()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("verifies what svix signs, and the resend SDK's webhooks.verify accepts what resendTestRequest signs", async () => {
    const id = "msg_2bYtbMTdQx7G0Y3rX2";
    const now = new Date();
    const signature = new Webhook(VECTOR.secret).sign(id, now, FIXTURE);
    const event = await resend({ secret: VECTOR.secret }).verify(
      svixRequest(FIXTURE, {
        "svix-id": id,
        "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
        "svix-signature": signature,
      }),
    );
    expect(event.type).toBe("email.bounced");

    const ours = await resendTestRequest({ secret: VECTOR.secret, payload: FIXTURE });
    const headers = {
      id: ours.headers.get("svix-id")!,
      timestamp: ours.headers.get("svix-timestamp")!,
      signature: ours.headers.get("svix-signature")!,
    };
    const sdk = new Resend("re_test_key");
    const verified = sdk.webhooks.verify({ payload: FIXTURE, headers, webhookSecret: VECTOR.secret });
    expect(verified.type).toBe("email.bounced");
    expect(() => sdk.webhooks.verify({ payload: FIXTURE, headers, webhookSecret: OTHER })).toThrow();
  });

  it("types the payload by Resend's event type and runs the handler", async () => {
    const hooks = createWebhooks({ receivers: { resend: resend({ secret: VECTOR.secret }) } });
    const seen: string[] = [];
    hooks.on("resend", "email.bounced", (event) => {
      seen.push(event.payload.data.bounce.type);
    });
    const response = await hooks.handle(await resendTestRequest({ secret: VECTOR.secret, payload: FIXTURE }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(["Permanent"]);
    expect(resend({ secret: VECTOR.secret }).deadlineMs).toBe(15_000);
  });

  it("refuses a secret that is not whsec_ base64 when created, and a malformed body", async () => {
    expect(() => resend({ secret: "whsec_!!" })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(
      await codeOf(
        resend({ secret: VECTOR.secret }).verify(
          await resendTestRequest({ secret: VECTOR.secret, payload: "{" }),
        ),
      ),
    ).toBe("PAYLOAD_INVALID");
  });
});

runHmacProviderConformance({
  name: "resend",
  create: ({ secret }) => resend({ secret }),
  testRequest: resendTestRequest,
  payload: JSON.parse(FIXTURE),
  type: "email.bounced",
  signatureHeader: "svix-signature",
  secrets: [VECTOR.secret, OTHER],
  toleranceSeconds: 300,
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "resend" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as email.bounced when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("email.bounced");
  });
});
