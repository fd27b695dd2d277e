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

describe("clerk — cases found by the third mutation run", () => {
  const body = FIXTURE;
  const signedAt = (seconds: number) => {
    const id = "msg_2KWPBgLlAfxdpx2AI4pIPU3YBhK";
    const signature = new Webhook(SVIX_VECTOR.secret).sign(id, new Date(seconds * 1000), body);
    return new Request("https://example.com/webhooks/clerk", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": String(seconds),
        "svix-signature": signature,
      },
    });
  };
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "OK",
      (error: { code: string }) => error.code,
    );

  it("toleranceSeconds narrows the window, with the real clock and with now (signed by svix)", async () => {
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    expect(
      await codeOf(
        clerk({ secret: SVIX_VECTOR.secret, toleranceSeconds: 60 }).verify(signedAt(twoMinutesAgo)),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(await codeOf(clerk({ secret: SVIX_VECTOR.secret }).verify(signedAt(twoMinutesAgo)))).toBe("OK");
    const now = () => (1_700_000_000 + 120) * 1000;
    expect(await codeOf(clerk({ secret: SVIX_VECTOR.secret, now }).verify(signedAt(1_700_000_000)))).toBe(
      "OK",
    );
    expect(
      await codeOf(
        clerk({ secret: SVIX_VECTOR.secret, now, toleranceSeconds: 60 }).verify(signedAt(1_700_000_000)),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("maxBodyBytes limits a Request verified directly; no options is CONFIGURATION_INVALID", async () => {
    const fresh = signedAt(Math.floor(Date.now() / 1000));
    expect(await codeOf(clerk({ secret: SVIX_VECTOR.secret, maxBodyBytes: 64 }).verify(fresh))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(() => clerk(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("the test helper's default event is user.created; the descriptor's example is the fixture and its secret a whsec_ one", async () => {
    const sent = await clerkTestRequest({
      secret: SVIX_VECTOR.secret,
      payload: { object: "event", data: { id: "user_1" } },
    });
    expect((await clerk({ secret: SVIX_VECTOR.secret }).verify(sent)).type).toBe("user.created");
    expect(descriptor.example?.payload).toEqual(JSON.parse(FIXTURE));
    expect(descriptor.secretIs).toMatch(/whsec_/);
  });
});
