import { readFileSync } from "node:fs";
import { verifyWebhook } from "@clerk/backend/webhooks";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { clerk } from "./receiver.js";
import { clerkTestRequest, descriptor } from "./testing.js";

const FIXTURE = readFileSync(new URL("../test/fixtures/user-created.json", import.meta.url), "utf8");
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
  return new Request("https://example.com/webhooks/clerk", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("clerk()", () => {
  it("verifies the Svix published vector with svix-* headers", async () => {
    const receiver = clerk({ secret: VECTOR.secret, now: () => VECTOR.timestamp * 1000 });
    const request = svixRequest(VECTOR.body, {
      "svix-id": VECTOR.id,
      "svix-timestamp": String(VECTOR.timestamp),
      "svix-signature": VECTOR.signature,
    });
    const event = await receiver.verify(request.clone());
    expect(event.id).toBe(VECTOR.id);
    expect(event.provider).toBe("clerk");
    expect(await codeOf(clerk({ secret: VECTOR.secret }).verify(request.clone()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("verifies what svix signs, and Clerk's own verifyWebhook accepts what clerkTestRequest signs", async () => {
    const id = "msg_2aXtbMTdQx7G0Y3rX2";
    const now = new Date();
    const signature = new Webhook(VECTOR.secret).sign(id, now, FIXTURE);
    const event = await clerk({ secret: VECTOR.secret }).verify(
      svixRequest(FIXTURE, {
        "svix-id": id,
        "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
        "svix-signature": signature,
      }),
    );
    expect(event.type).toBe("user.created");

    const ours = await clerkTestRequest({ secret: VECTOR.secret, payload: FIXTURE });
    const verified = await verifyWebhook(ours.clone(), { signingSecret: VECTOR.secret });
    expect(verified.type).toBe("user.created");
    expect(() => new Webhook(VECTOR.secret).verify(FIXTURE, Object.fromEntries(ours.headers))).not.toThrow();
    await expect(verifyWebhook(ours.clone(), { signingSecret: OTHER })).rejects.toThrow();
  });

  it("types the payload by Clerk's event type and runs the handler", async () => {
    const hooks = createWebhooks({ receivers: { clerk: clerk({ secret: VECTOR.secret }) } });
    const ids: string[] = [];
    hooks.on("clerk", "user.created", (event) => {
      ids.push(event.payload.data.id);
    });
    const response = await hooks.handle(await clerkTestRequest({ secret: VECTOR.secret, payload: FIXTURE }));
    expect(response.status).toBe(200);
    expect(ids).toEqual(["user_29w83sxmDNGwOuEthce5gg56FcC"]);
    expect(clerk({ secret: VECTOR.secret }).deadlineMs).toBe(15_000);
  });

  it("refuses a secret that is not whsec_ base64 when created, and a malformed body", async () => {
    expect(() => clerk({ secret: "whsec_!!" })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(
      await codeOf(
        clerk({ secret: VECTOR.secret }).verify(
          await clerkTestRequest({ secret: VECTOR.secret, payload: "{" }),
        ),
      ),
    ).toBe("PAYLOAD_INVALID");
  });
});

runHmacProviderConformance({
  name: "clerk",
  create: ({ secret }) => clerk({ secret }),
  testRequest: clerkTestRequest,
  payload: JSON.parse(FIXTURE),
  type: "user.created",
  signatureHeader: "svix-signature",
  secrets: [VECTOR.secret, OTHER],
  toleranceSeconds: 300,
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "clerk" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as user.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("user.created");
  });
});
