import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { runSvixProviderConformance, SVIX_VECTOR } from "@hookwire/test-utils";
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
