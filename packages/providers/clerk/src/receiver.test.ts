import { readFileSync } from "node:fs";
import { verifyWebhook } from "@clerk/backend/webhooks";
import { createWebhooks } from "@hookwire/core";
import { runSvixProviderConformance, SVIX_VECTOR } from "@hookwire/test-utils";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { clerk } from "./receiver.js";
import { clerkTestRequest, descriptor } from "./testing.js";

const FIXTURE = readFileSync(new URL("../test/fixtures/user-created.json", import.meta.url), "utf8");

runSvixProviderConformance({
  name: "clerk",
  create: clerk,
  testRequest: clerkTestRequest,
  descriptor,
  fixture: FIXTURE,
  type: "user.created",
  svix: Webhook,
  // Clerk's own verifyWebhook, on the Request as it arrives
  sdk: {
    name: "Clerk's verifyWebhook",
    verify: (request, secret) => verifyWebhook(request, { signingSecret: secret }),
  },
  deadlineMs: 15_000,
});

describe("clerk()", () => {
  it("types the payload by Clerk's event type and runs the handler", async () => {
    const hooks = createWebhooks({ receivers: { clerk: clerk({ secret: SVIX_VECTOR.secret }) } });
    const ids: string[] = [];
    hooks.on("clerk", "user.created", (event) => {
      ids.push(event.payload.data.id);
    });
    const response = await hooks.handle(
      await clerkTestRequest({ secret: SVIX_VECTOR.secret, payload: FIXTURE }),
    );
    expect(response.status).toBe(200);
    expect(ids).toEqual(["user_29w83sxmDNGwOuEthce5gg56FcC"]);
  });
});
