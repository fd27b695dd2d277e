import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
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

describe("gitlab() — cases found by mutation testing", () => {
  const URL_ = "https://example.com/webhooks/gitlab";
  /** A delivery signed as the Standard Webhooks specification computes it (node:crypto), at `t` seconds. */
  const signedAt = (t: number, body = fixture, headers: Record<string, string> = {}) => {
    const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    const key = Buffer.from(SIGNING.slice("whsec_".length), "base64");
    const signature = createHmac("sha256", key).update(`${id}.${t}.${body}`).digest("base64");
    return new Request(URL_, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-gitlab-event": "Push Hook",
        "webhook-id": id,
        "webhook-timestamp": String(t),
        "webhook-signature": `v1,${signature}`,
        ...headers,
      },
    });
  };
  const tokenRequest = (headers: Record<string, string>, body = fixture) =>
    new Request(URL_, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-gitlab-token": TOKEN, ...headers },
    });

  it("applies toleranceSeconds to the signing token without a custom clock, both ways", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      await codeOf(gitlab({ signingToken: SIGNING, toleranceSeconds: 60 }).verify(signedAt(now - 120))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await gitlab({ signingToken: SIGNING }).verify(signedAt(now - 120))).type).toBe("push");
    expect(await codeOf(gitlab({ signingToken: SIGNING }).verify(signedAt(now - 600)))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(
      (await gitlab({ signingToken: SIGNING, toleranceSeconds: 900 }).verify(signedAt(now - 600))).type,
    ).toBe("push");
  });

  it("names the check that failed, the option of a bad secret, and the missing configuration", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      await refusalOf(gitlab({ signingToken: "whsec_b3RoZXItc2lnbmluZy1rZXk=" }).verify(signedAt(now))),
    ).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/gitlab] The webhook-signature does not match the body under the signing token.",
    });
    expect(await refusalOf(gitlab({ token: `${TOKEN}x` }).verify(tokenRequest({})))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/gitlab] The X-Gitlab-Token does not match the secret token.",
    });
    expect(() => gitlab(undefined as never)).toThrow(
      expect.objectContaining({
        code: "CONFIGURATION_INVALID",
        message: expect.stringMatching(
          /^\[@hookwire\/gitlab\] Neither a token nor a signingToken is configured\./,
        ),
      }),
    );
    const setup = (options: Parameters<typeof gitlab>[0]) => {
      try {
        gitlab(options);
      } catch (error) {
        return (error as Error).message;
      }
      return "created";
    };
    expect(setup({ signingToken: "" })).toBe(
      "[@hookwire/gitlab] The signingToken option is missing or empty. Pass { signingToken: process.env.… } — a string, a list for rotation, or a function of the request.",
    );
    expect(setup({ token: "" })).toBe(
      "[@hookwire/gitlab] The token option is missing or empty. Pass { token: process.env.… } — a string, a list for rotation, or a function of the request.",
    );
    const unresolved = async (options: Parameters<typeof gitlab>[0], req: Request) =>
      refusalOf(gitlab(options).verify(req));
    expect(await unresolved({ token: () => undefined }, tokenRequest({}))).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/gitlab] No token is configured for this request. Pass { token: "…" } (a string, a list for rotation, or a function of the request).',
    });
    expect(await unresolved({ signingToken: () => undefined }, signedAt(now))).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/gitlab] No signingToken is configured for this request. Pass { signingToken: "…" } (a string, a list for rotation, or a function of the request).',
    });
  });

  it("names the package when the token header is missing", async () => {
    const request = new Request(URL_, {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json", "x-gitlab-event": "Push Hook" },
    });
    expect(await refusalOf(gitlab({ token: TOKEN }).verify(request))).toEqual({
      code: "SIGNATURE_MISSING",
      message: "[@hookwire/gitlab] The X-Gitlab-Token header is missing.",
    });
  });

  it("refuses a blank X-Gitlab-Event by name", async () => {
    expect(await refusalOf(gitlab({ token: TOKEN }).verify(tokenRequest({ "x-gitlab-event": "" })))).toEqual({
      code: "HEADER_INVALID",
      message: "[@hookwire/gitlab] The X-Gitlab-Event header is missing.",
    });
  });

  it("types by a non-empty string object_kind, then event_name, then the header's name", async () => {
    const receiver = gitlab({ token: TOKEN });
    const typeOf = async (body: object, event = "Push Hook") =>
      (await receiver.verify(tokenRequest({ "x-gitlab-event": event }, JSON.stringify(body)))).type;
    expect(await typeOf({ object_kind: "note", event_name: "other" })).toBe("note");
    expect(await typeOf({ object_kind: "", event_name: "repository_update" })).toBe("repository_update");
    expect(await typeOf({ object_kind: 3, event_name: "repository_update" })).toBe("repository_update");
    expect(await typeOf({ event_name: "" }, "Emoji Hook")).toBe("emoji");
    expect(await typeOf({ event_name: 7 }, "Emoji Hook")).toBe("emoji");
    expect(await typeOf({}, "Merge  Request Hook")).toBe("merge_request");
    expect(await typeOf({}, "Deployment  Hook")).toBe("deployment");
    // only a trailing "Hook" is dropped
    expect(await typeOf({}, "Release Hook Test")).toBe("release_hook_test");
  });

  it("takes Idempotency-Key as the id, else X-Gitlab-Event-UUID, and reads GitLab's headers into meta", async () => {
    const receiver = gitlab({ token: TOKEN });
    const both = await receiver.verify(
      tokenRequest({
        "x-gitlab-event": "Push Hook",
        "idempotency-key": "key-1",
        "x-gitlab-event-uuid": "uuid-1",
        "x-gitlab-webhook-uuid": "hook-1",
        "x-gitlab-instance": "https://gitlab.example.org",
      }),
    );
    expect(both.id).toBe("key-1");
    expect(both.meta).toEqual({
      event: "Push Hook",
      eventUuid: "uuid-1",
      webhookUuid: "hook-1",
      instance: "https://gitlab.example.org",
    });
    const uuidOnly = await receiver.verify(
      tokenRequest({ "x-gitlab-event": "Push Hook", "x-gitlab-event-uuid": "uuid-2" }),
    );
    expect(uuidOnly.id).toBe("uuid-2");
    const bare = await receiver.verify(tokenRequest({ "x-gitlab-event": "Push Hook" }));
    expect(bare.id).toBeUndefined();
    expect(bare.meta).toEqual({
      event: "Push Hook",
      eventUuid: undefined,
      webhookUuid: undefined,
      instance: undefined,
    });
  });

  it("names its provider and applies maxBodyBytes", async () => {
    expect(gitlab({ token: TOKEN }).provider).toBe("gitlab");
    const request = () => tokenRequest({ "x-gitlab-event": "Push Hook" });
    expect(await codeOf(gitlab({ token: TOKEN, maxBodyBytes: 64 }).verify(request()))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect((await gitlab({ token: TOKEN, maxBodyBytes: 1 << 16 }).verify(request())).type).toBe("push");
  });

  it("gitlabTestRequest sends GitLab's headers", async () => {
    const signed = await gitlabTestRequest({ secret: TOKEN, payload: fixture, id: "id-1" });
    expect(Object.fromEntries(signed.headers)).toMatchObject({
      "user-agent": "GitLab/18.6.0",
      "x-gitlab-event": "Push Hook",
      "x-gitlab-event-uuid": "id-1",
      "x-gitlab-webhook-uuid": "00000000-0000-4000-8000-000000000000",
      "x-gitlab-instance": "https://gitlab.com",
      "idempotency-key": "id-1",
      "x-gitlab-token": TOKEN,
    });
  });

  it("descriptor: the example is the fixture (GitLab's documented push), with its texts", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture), event: "Push Hook" });
    expect(descriptor.secretIs).toBe(
      "the webhook's secret token (X-Gitlab-Token), or a whsec_ signing token",
    );
    expect(descriptor.eventOption).toBe("X-Gitlab-Event (Push Hook, Merge Request Hook…)");
  });
});
