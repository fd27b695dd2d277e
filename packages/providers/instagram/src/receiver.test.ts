import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, hmacString, toWebhookRequest } from "@hookwire/core";
import { codeOf, runHmacProviderConformance } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { instagram, meta } from "./receiver.js";
import { descriptor, instagramSignature, instagramTestRequest, metaTestRequest } from "./testing.js";

const comments = readFileSync(new URL("../test/fixtures/instagram-comments.json", import.meta.url));
const whatsapp = readFileSync(new URL("../test/fixtures/whatsapp-messages.json", import.meta.url));
const OPTIONS = { appSecret: "app-secret-1", verifyToken: "my-verify-token" };

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/instagram", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("instagram()", () => {
  it("verifies Meta's comments example and names it instagram.comments", async () => {
    const signature = `sha256=${createHmac("sha256", "app-secret-1").update(comments).digest("hex")}`;
    expect(await instagramSignature(comments, "app-secret-1")).toBe(signature);
    const event = await instagram(OPTIONS).verify(request(comments, { "x-hub-signature-256": signature }));
    expect(event.type).toBe("instagram.comments");
    expect(event.id).toBeUndefined();
    expect(event.meta.fields).toEqual(["comments"]);
    const payload = event.payload as { entry: Array<{ changes: Array<{ value: { text: string } }> }> };
    expect(payload.entry[0]!.changes[0]!.value.text).toBe("This is an example. ✨");
  });

  it("names WhatsApp, messaging and mixed batches", async () => {
    const receiver = meta(OPTIONS);
    expect(
      (await receiver.verify(await instagramTestRequest({ secret: "app-secret-1", payload: whatsapp }))).type,
    ).toBe("whatsapp_business_account.messages");
    const messaging = {
      object: "page",
      entry: [
        {
          id: "1",
          time: 1,
          messaging: [
            { sender: { id: "2" }, recipient: { id: "1" }, timestamp: 1, message: { mid: "m", text: "hi" } },
          ],
        },
      ],
    };
    expect(
      (await receiver.verify(await instagramTestRequest({ secret: "app-secret-1", payload: messaging })))
        .type,
    ).toBe("page.messaging");
    const mixed = {
      object: "instagram",
      entry: [
        { id: "1", time: 1, changes: [{ field: "comments", value: {} }] },
        { id: "1", time: 2, changes: [{ field: "mentions", value: {} }] },
      ],
    };
    const event = await receiver.verify(
      await instagramTestRequest({ secret: "app-secret-1", payload: mixed }),
    );
    expect(event.type).toBe("instagram");
    expect(event.meta.fields).toEqual(["comments", "mentions"]);
  });

  it("accepts any of several app secrets, or one looked up per request", async () => {
    const signature = await instagramSignature(comments, "old");
    expect(
      (
        await instagram({ ...OPTIONS, appSecret: ["new", "old"] }).verify(
          request(comments, { "x-hub-signature-256": signature }),
        )
      ).type,
    ).toBe("instagram.comments");
    const lookup = vi.fn(() => "old");
    await instagram({ ...OPTIONS, appSecret: lookup }).verify(
      request(comments, { "x-hub-signature-256": signature }),
    );
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = instagram(OPTIONS);
    const signature = await instagramSignature(comments, "app-secret-1");
    const tampered = Buffer.from(comments);
    tampered[30] = tampered[30]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature-256": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(comments, { "x-hub-signature-256": await instagramSignature(comments, "wrong") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(comments, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(comments, { "x-hub-signature-256": signature.slice(7) }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(comments, { "x-hub-signature-256": "sha256=xyz" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("accepts legacy SHA-1 only when enabled", async () => {
    const sha1 = `sha1=${await hmacString("SHA-1", "app-secret-1", comments, "hex")}`;
    expect(await codeOf(instagram(OPTIONS).verify(request(comments, { "x-hub-signature": sha1 })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(
      (
        await instagram({ ...OPTIONS, legacySha1: true }).verify(
          request(comments, { "x-hub-signature": sha1 }),
        )
      ).type,
    ).toBe("instagram.comments");
    const legacy = instagram({ ...OPTIONS, legacySha1: true });
    expect((await legacy.verify(request(comments, { "x-hub-signature": sha1.slice(5) }))).type).toBe(
      "instagram.comments",
    );
    expect(
      await codeOf(legacy.verify(request(comments, { "x-hub-signature": `sha1=${"0".repeat(40)}` }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = instagram(OPTIONS);
    const sign = async (body: string) => ({
      "x-hub-signature-256": await instagramSignature(body, "app-secret-1"),
    });
    expect(
      await codeOf(
        receiver.verify(
          request(comments, { ...(await sign(comments.toString())), "content-type": "text/plain" }),
        ),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    for (const body of [
      "{nope",
      "[]",
      '{"entry":[]}',
      '{"object":"page"}',
      '{"object":"page","entry":[1]}',
    ]) {
      expect(await codeOf(receiver.verify(request(body, await sign(body))))).toBe("PAYLOAD_INVALID");
    }
  });

  it("answers the verification GET only with the right token", async () => {
    const hooks = createWebhooks({
      receivers: { instagram: instagram({ ...OPTIONS, verifyToken: ["old-token", "my-verify-token"] }) },
    });
    const get = (query: string) =>
      hooks.handle(new Request(`https://example.com/webhooks/instagram?${query}`));
    const ok = await get("hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const wrong = await get("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444");
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("HANDSHAKE_FAILED");
    expect((await get("hub.mode=unsubscribe&hub.verify_token=my-verify-token&hub.challenge=1")).status).toBe(
      403,
    );
    expect((await get("hub.mode=subscribe&hub.verify_token=my-verify-token")).status).toBe(403);
    expect((await get("foo=bar")).status).toBe(405);
  });

  it("refuses to be created without an app secret or a verify token", () => {
    expect(() => instagram({ appSecret: "", verifyToken: "t" })).toThrow(/appSecret option is missing/);
    expect(() => instagram({ appSecret: "s", verifyToken: "" })).toThrow(/verifyToken option is missing/);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { instagram: instagram(OPTIONS) } });
    const texts: string[] = [];
    hooks.on("instagram", "instagram.comments", (event) => {
      for (const entry of event.payload.entry)
        for (const change of entry.changes ?? []) texts.push(change.value.text);
    });
    const response = await hooks.handle(
      await instagramTestRequest({ secret: "app-secret-1", payload: comments }),
    );
    expect(response.status).toBe(200);
    expect(texts).toEqual(["This is an example. ✨"]);
    expect(
      (await hooks.handle(await instagramTestRequest({ secret: "other", payload: comments }))).status,
    ).toBe(401);
    expect(texts).toHaveLength(1);
  });
});

describe("instagram() — cases found by mutation testing", () => {
  const P = "[@hookwire/instagram]";
  const receiver = instagram(OPTIONS);
  const signedBody = async (payload: unknown) => {
    const body = JSON.stringify(payload);
    return request(body, { "x-hub-signature-256": await instagramSignature(body, "app-secret-1") });
  };

  it("refuses blank, mis-prefixed and wrong signatures with exact messages", async () => {
    const good = await instagramSignature(comments, "app-secret-1");
    await expect(receiver.verify(request(comments, { "x-hub-signature-256": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Hub-Signature-256 header is missing. Meta signs every webhook with the App Secret.`,
    });
    // the right hex without its prefix: SHA-256 headers must carry it
    await expect(
      receiver.verify(request(comments, { "x-hub-signature-256": good.slice("sha256=".length) })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The X-Hub-Signature-256 header does not start with "sha256=".`,
    });
    await expect(
      receiver.verify(request(comments, { "x-hub-signature-256": await instagramSignature(comments, "x") })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
  });

  it("with legacySha1, still verifies X-Hub-Signature-256 when both headers are present", async () => {
    const legacy = instagram({ ...OPTIONS, legacySha1: true });
    const good = await instagramSignature(comments, "app-secret-1");
    const event = await legacy.verify(
      request(comments, { "x-hub-signature-256": good, "x-hub-signature": "sha1=00" }),
    );
    expect(event.type).toBe("instagram.comments");
  });

  it("refuses malformed bodies with exact messages, and names by distinct non-empty fields", async () => {
    for (const [payload, message] of [
      [{ entry: [] }, 'The body has no "object".'],
      [{ object: "", entry: [] }, 'The body has no "object".'],
      [{ object: 1, entry: [] }, 'The body has no "object".'],
      [{ object: "page" }, 'The body has no "entry" list.'],
      [{ object: "page", entry: {} }, 'The body has no "entry" list.'],
      [{ object: "page", entry: [null] }, "An entry is not an object."],
      [{ object: "page", entry: ["x"] }, "An entry is not an object."],
    ] as const) {
      await expect(receiver.verify(await signedBody(payload))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} ${message}`,
      });
    }
    const event = await receiver.verify(
      await signedBody({
        object: "page",
        entry: [
          { changes: [{ field: "feed" }, { field: "" }, { field: 3 }, null] },
          { changes: [{ field: "feed" }], messaging: "x" },
        ],
      }),
    );
    expect([event.type, event.provider, event.id]).toEqual(["page.feed", "instagram", undefined]);
    expect(event.meta).toEqual({ object: "page", fields: ["feed"] });
    const none = await receiver.verify(await signedBody({ object: "page", entry: [{ changes: "x" }] }));
    expect([none.type, none.meta.fields]).toEqual(["page", []]);
  });

  it("answers the verification GET with nosniff text and says why it refused", async () => {
    const hs = async (query: string) =>
      receiver.handshake!(
        await toWebhookRequest(new Request(`https://example.com/webhooks/instagram?${query}`)),
      );
    const answer = await hs("hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=42");
    expect(answer?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(answer?.headers.get("x-content-type-options")).toBe("nosniff");
    const refused = (why: string) => ({
      code: "HANDSHAKE_FAILED",
      message: `${P} The verification request was refused: ${why}.`,
    });
    await expect(
      hs("hub.mode=unsubscribe&hub.verify_token=my-verify-token&hub.challenge=1"),
    ).rejects.toMatchObject(refused("hub.mode is not subscribe"));
    await expect(hs("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")).rejects.toMatchObject(
      refused("hub.verify_token does not match"),
    );
    await expect(hs("hub.mode=subscribe&hub.challenge=1")).rejects.toMatchObject(
      refused("hub.verify_token does not match"),
    );
    await expect(hs("hub.mode=subscribe&hub.verify_token=my-verify-token")).rejects.toMatchObject(
      refused("hub.challenge is missing"),
    );
    expect(await hs("foo=bar")).toBeUndefined();
    const post = await toWebhookRequest(
      new Request(
        "https://example.com/webhooks/instagram?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1",
        {
          method: "POST",
          body: "{}",
        },
      ),
    );
    expect(await receiver.handshake!(post)).toBeUndefined();
    const [, message] = await instagram({ appSecret: "s", verifyToken: () => "" }).handshake!(
      await toWebhookRequest(new Request("https://example.com/?hub.mode=subscribe&hub.challenge=1")),
    ).then(
      () => ["OK", ""],
      (error: Error) => ["ERR", error.message],
    );
    expect(message).toContain("verifyToken");
    const noSecret = instagram({ appSecret: () => "", verifyToken: "t" });
    const good = await instagramSignature(comments, "app-secret-1");
    await expect(noSecret.verify(request(comments, { "x-hub-signature-256": good }))).rejects.toMatchObject({
      message: expect.stringContaining("appSecret"),
    });
  });

  it("enforces maxBodyBytes on a Web Request, and needs an options object", async () => {
    const small = instagram({ ...OPTIONS, maxBodyBytes: 8 });
    const good = await instagramSignature(comments, "app-secret-1");
    expect(await codeOf(small.verify(request(comments, { "x-hub-signature-256": good })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(() => instagram(undefined as never)).toThrow(/appSecret option is missing/);
  });
});

runHmacProviderConformance({
  name: "instagram",
  create: ({ secret }) => instagram({ appSecret: secret, verifyToken: "verify-token" }),
  testRequest: instagramTestRequest,
  payload: {
    object: "instagram",
    entry: [{ id: "0", time: 0, changes: [{ field: "mentions", value: { media_id: "1" } }] }],
  },
  type: "instagram.mentions",
  signatureHeader: "x-hub-signature-256",
});

describe("descriptor (@hookwire/instagram/testing)", () => {
  const handshake = async (secret: string, token: string) => {
    const hooks = createWebhooks({ receivers: { instagram: descriptor.receiver(secret) } });
    const response = await hooks.handle(
      new Request(
        `https://example.com/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`,
      ),
    );
    return response.status;
  };

  it("is instagram, also named meta, and says what the listen secret is", () => {
    expect([descriptor.name, descriptor.aliases, descriptor.packageName]).toEqual([
      "instagram",
      ["meta"],
      "@hookwire/instagram",
    ]);
    expect(descriptor.secretIs).toBe("the app secret (listen: <app secret>:<verify token>)");
    expect(metaTestRequest).toBe(instagramTestRequest);
  });

  it("listens with <app secret>:<verify token>, or the app secret alone as both", async () => {
    const payload = JSON.parse(comments.toString("utf8"));
    const request = await descriptor.sign({ secret: "app-secret-1", payload });
    expect((await descriptor.receiver("app-secret-1:tok").verify(request.clone())).type).toBe(
      "instagram.comments",
    );
    expect((await descriptor.receiver("app-secret-1").verify(request.clone())).type).toBe(
      "instagram.comments",
    );
    expect(await codeOf(descriptor.receiver("other:tok").verify(request))).toBe("SIGNATURE_INVALID");
    expect(await handshake("app-secret-1:tok", "tok")).toBe(200);
    expect(await handshake("app-secret-1:tok", "app-secret-1")).toBe(403);
    expect(await handshake("app-secret-1", "app-secret-1")).toBe(200);
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as instagram.comments when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("instagram.comments");
  });
});

describe("instagram — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/instagram-comments.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/instagram-comments.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("instagram — cases found by the third mutation run", () => {
  it("instagramSha1Scheme signs as Meta's legacy header: sha1= and the hex HMAC-SHA1 of the body", async () => {
    const { instagramSha1Scheme } = await import("./scheme.js");
    const { headers } = await instagramSha1Scheme.sign({
      body: new Uint8Array(comments),
      secret: "app-secret-1",
    });
    expect(headers["X-Hub-Signature"]).toBe(
      `sha1=${createHmac("sha1", "app-secret-1").update(comments).digest("hex")}`,
    );
  });

  it("with legacySha1 and no signature header at all, the refusal names X-Hub-Signature-256", async () => {
    const refused = instagram({ ...OPTIONS, legacySha1: true }).verify(request(comments, {}));
    await expect(refused).rejects.toMatchObject({ code: "SIGNATURE_MISSING" });
    await expect(refused).rejects.toThrow(/X-Hub-Signature-256/);
  });

  it("the CLI's listen secret needs an app secret before the colon", () => {
    expect(() => descriptor.receiver(":my-verify-token")).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(descriptor.receiver("app-secret-1:my-verify-token").provider).toBe("instagram");
  });
});
