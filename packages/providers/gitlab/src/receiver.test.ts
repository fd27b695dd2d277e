import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { gitlab } from "./receiver.js";
import { descriptor, gitlabTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/push.json", import.meta.url), "utf8");
const TOKEN = "gitlab-secret-token-0123456789";
const SIGNING = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function without(request: Request, header: string): Request {
  const headers = new Headers(request.headers);
  headers.delete(header);
  return new Request(request.url, {
    method: "POST",
    headers,
    body: request.body,
    duplex: "half",
  } as RequestInit);
}

describe("gitlab() with the secret token", () => {
  const receiver = gitlab({ token: TOKEN });

  it("accepts the token, names the event by object_kind and takes Idempotency-Key as the id", async () => {
    const event = await receiver.verify(
      await gitlabTestRequest({ secret: TOKEN, payload: fixture, id: "6f9c5e3a-1" }),
    );
    expect(event.type).toBe("push");
    expect(event.id).toBe("6f9c5e3a-1");
    expect(event.meta.event).toBe("Push Hook");
    expect((event.payload as { commits: unknown[] }).commits).toHaveLength(1);
  });

  it("refuses a wrong, missing or empty token, and accepts each token of a rotation list", async () => {
    expect(
      await codeOf(receiver.verify(await gitlabTestRequest({ secret: `${TOKEN}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          without(await gitlabTestRequest({ secret: TOKEN, payload: fixture }), "x-gitlab-token"),
        ),
      ),
    ).toBe("SIGNATURE_MISSING");
    const rotating = gitlab({ token: ["next-token-abcdefghijklmnop", TOKEN] });
    expect(await codeOf(rotating.verify(await gitlabTestRequest({ secret: TOKEN, payload: fixture })))).toBe(
      "OK",
    );
    expect(
      await codeOf(
        rotating.verify(await gitlabTestRequest({ secret: "next-token-abcdefghijklmnop", payload: fixture })),
      ),
    ).toBe("OK");
    expect(() => gitlab({ token: "" })).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
    expect(() => gitlab({})).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
  });

  it("refuses a missing X-Gitlab-Event and a malformed body with coded errors", async () => {
    expect(
      await codeOf(
        receiver.verify(
          without(await gitlabTestRequest({ secret: TOKEN, payload: fixture }), "x-gitlab-event"),
        ),
      ),
    ).toBe("HEADER_INVALID");
    expect(await codeOf(receiver.verify(await gitlabTestRequest({ secret: TOKEN, payload: "{" })))).toBe(
      "PAYLOAD_INVALID",
    );
    expect(await codeOf(receiver.verify(await gitlabTestRequest({ secret: TOKEN, payload: "[]" })))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("names system hooks by event_name and kind-less bodies by X-Gitlab-Event", async () => {
    const member = { event_name: "user_remove_from_group", group_id: 1, user_id: 2 };
    expect(
      (
        await receiver.verify(
          await gitlabTestRequest({ secret: TOKEN, event: "Member Hook", payload: member }),
        )
      ).type,
    ).toBe("user_remove_from_group");
    expect(
      (
        await receiver.verify(
          await gitlabTestRequest({ secret: TOKEN, event: "Resource Access Token Hook", payload: {} }),
        )
      ).type,
    ).toBe("resource_access_token");
  });

  it("runs handlers by object_kind through the router and answers 200", async () => {
    const hooks = createWebhooks({ receivers: { gitlab: receiver } });
    const refs: string[] = [];
    hooks.on("gitlab", "push", (event) => {
      refs.push(event.payload.ref);
    });
    const response = await hooks.handle(await gitlabTestRequest({ secret: TOKEN, payload: fixture }));
    expect(response.status).toBe(200);
    expect(refs).toEqual(["refs/heads/master"]);
    expect(receiver.deadlineMs).toBe(10_000);
  });
});

describe("gitlab() with a signing token", () => {
  it("verifies the Standard Webhooks published vector GitLab's signing follows", async () => {
    // standard-webhooks/standard-webhooks test vector (the scheme GitLab's signed webhooks use)
    const request = new Request("https://example.com/webhooks/gitlab", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-gitlab-event": "Push Hook",
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      },
      body: '{"test": 2432232314}',
    });
    const receiver = gitlab({ signingToken: SIGNING, now: () => 1614265330_000 });
    const event = await receiver.verify(request.clone());
    expect(event.type).toBe("push");
    expect(event.id).toBe("msg_p5jXN8AQM9LWM0D4loKWxJek");
    expect(await codeOf(gitlab({ signingToken: SIGNING }).verify(request.clone()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("requires both the signature and the token when both are configured", async () => {
    const both = gitlab({ token: TOKEN, signingToken: SIGNING });
    const signed = await gitlabTestRequest({ secret: SIGNING, payload: fixture });
    expect(await codeOf(both.verify(signed.clone()))).toBe("SIGNATURE_MISSING");
    const headers = new Headers(signed.headers);
    headers.set("x-gitlab-token", TOKEN);
    const full = new Request(signed.url, { method: "POST", headers, body: fixture });
    expect(await codeOf(both.verify(full))).toBe("OK");
    const tokenOnly = await gitlabTestRequest({ secret: TOKEN, payload: fixture });
    expect(await codeOf(both.verify(tokenOnly))).toBe("SIGNATURE_MISSING");
  });
});

runHmacProviderConformance({
  name: "gitlab",
  create: ({ secret }) => gitlab({ signingToken: secret }),
  testRequest: gitlabTestRequest,
  payload: JSON.parse(fixture),
  type: "push",
  signatureHeader: "webhook-signature",
  secrets: [SIGNING, "whsec_dGhpcy1pcy1hLXNlY29uZC1zaWduaW5nLWtleQ=="],
  toleranceSeconds: 300,
});

describe("descriptor", () => {
  // A plain secret token and a whsec_ signing token: the descriptor signs with either.
  runDescriptorConformance(descriptor, { name: "gitlab", secret: "t".repeat(40) });
  runDescriptorConformance(descriptor, { name: "gitlab", secret: SIGNING });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as push when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("push");
  });
});
