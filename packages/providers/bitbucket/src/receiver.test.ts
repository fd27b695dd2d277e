import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { bitbucket } from "./receiver.js";
import { bitbucketSignature, bitbucketTestRequest, descriptor } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/repo-push.json", import.meta.url));
const CODE = "0123456789abcdef0123456789abcdef";

function request(
  body: BodyInit,
  headers: Record<string, string>,
  url = "https://example.com/webhooks/bitbucket",
): Request {
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-event-key": "repo:push",
      "x-request-uuid": "8a4b1b3c-0f3e-4b0e-9d6c-1a2b3c4d5e6f",
      "x-hook-uuid": "{d1f3c2a4-5b6e-4f70-8a9b-0c1d2e3f4a5b}",
      "x-attempt-number": "2",
      ...headers,
    },
  });
}

describe("bitbucket()", () => {
  it("signs like an independent HMAC-SHA256 and verifies a repo:push with its ids", async () => {
    const signature = await bitbucketSignature(fixture, "webhook-secret");
    expect(signature).toBe(`sha256=${createHmac("sha256", "webhook-secret").update(fixture).digest("hex")}`);
    const event = await bitbucket({ secret: "webhook-secret" }).verify(
      request(fixture, { "x-hub-signature": signature }),
    );
    expect(event.type).toBe("repo:push");
    expect(event.id).toBe("8a4b1b3c-0f3e-4b0e-9d6c-1a2b3c4d5e6f");
    expect(event.meta).toEqual({ hookUuid: "{d1f3c2a4-5b6e-4f70-8a9b-0c1d2e3f4a5b}", attemptNumber: 2 });
    expect(
      (event.payload as { push: { changes: Array<{ new: { name: string } }> } }).push.changes[0]!.new.name,
    ).toBe("main");
  });

  it("never reports a NaN attempt number: a missing, empty or malformed X-Attempt-Number is undefined", async () => {
    const receiver = bitbucket({ secret: "webhook-secret" });
    const signature = await bitbucketSignature(fixture, "webhook-secret");
    for (const value of ["", "abc", "1.5", "-1", "0", "2x", "99999999999999999999"]) {
      const event = await receiver.verify(
        request(fixture, { "x-hub-signature": signature, "x-attempt-number": value }),
      );
      expect(event.meta.attemptNumber, JSON.stringify(value)).toBeUndefined();
    }
    const event = await receiver.verify(
      request(fixture, { "x-hub-signature": signature, "x-attempt-number": " 3 " }),
    );
    expect(event.meta.attemptNumber).toBe(3);
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const signature = await bitbucketSignature(fixture, "old");
    expect(
      (await bitbucket({ secret: ["new", "old"] }).verify(request(fixture, { "x-hub-signature": signature })))
        .type,
    ).toBe("repo:push");
    const lookup = vi.fn(async () => "old");
    await bitbucket({ secret: lookup }).verify(request(fixture, { "x-hub-signature": signature }));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = bitbucket({ secret: "s" });
    const signature = await bitbucketSignature(fixture, "s");
    const tampered = Buffer.from(fixture);
    tampered[100] = tampered[100]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-hub-signature": await bitbucketSignature(fixture, "wrong") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": signature.slice(7) })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-hub-signature": `sha1=${signature.slice(7)}` }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": "sha256=xyz" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a missing event key, a wrong content type and malformed JSON after a valid signature", async () => {
    const receiver = bitbucket({ secret: "s" });
    const signature = await bitbucketSignature(fixture, "s");
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-hub-signature": signature, "x-event-key": "" }))),
    ).toBe("HEADER_INVALID");
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-hub-signature": signature, "content-type": "text/plain" })),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(
        receiver.verify(request("{nope", { "x-hub-signature": await bitbucketSignature("{nope", "s") })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("supports ASP.NET's ?code= secret instead of, or besides, the signature", async () => {
    const withCode = `https://example.com/webhooks/bitbucket?code=${CODE}`;
    expect((await bitbucket({ code: CODE }).verify(request(fixture, {}, withCode))).type).toBe("repo:push");
    expect(await codeOf(bitbucket({ code: CODE }).verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(bitbucket({ code: CODE }).verify(request(fixture, {}, `${withCode.slice(0, -1)}0`))),
    ).toBe("SIGNATURE_INVALID");
    const both = bitbucket({ code: CODE, secret: "s" });
    expect(await codeOf(both.verify(request(fixture, {}, withCode)))).toBe("SIGNATURE_MISSING");
    expect(
      (
        await both.verify(
          request(fixture, { "x-hub-signature": await bitbucketSignature(fixture, "s") }, withCode),
        )
      ).type,
    ).toBe("repo:push");
    // a code outside 32–128 characters is refused when the receiver is created
    expect(() => bitbucket({ code: "short" })).toThrow(/between 32 and 128 characters/);
  });

  it("refuses to be created without a secret or code", () => {
    expect(() => bitbucket({})).toThrow(/secret option is missing/);
    expect(() => bitbucket({ secret: "" })).toThrow(/secret option is missing/);
  });

  it("works in the router with typed handlers (signed and ?code= test requests)", async () => {
    const hooks = createWebhooks({
      receivers: { bitbucket: bitbucket({ secret: "s" }), legacy: bitbucket({ code: CODE }) },
    });
    const titles: string[] = [];
    hooks.on("bitbucket", "pullrequest:created", (event) => {
      titles.push(event.payload.pullrequest.title);
    });
    hooks.on("legacy", "pullrequest:created", (event) => {
      titles.push(`legacy ${event.payload.pullrequest.title}`);
    });
    const payload = { pullrequest: { id: 1, title: "Add Hookwire" } };
    const signed = await hooks.handle(
      await bitbucketTestRequest({ secret: "s", event: "pullrequest:created", payload }),
    );
    expect(signed.status).toBe(200);
    const legacy = await hooks.handle(
      await bitbucketTestRequest({
        secret: CODE,
        code: true,
        event: "pullrequest:created",
        payload,
        url: "https://example.com/webhooks/legacy",
      }),
    );
    expect(legacy.status).toBe(200);
    const forged = await hooks.handle(
      await bitbucketTestRequest({ secret: "x", event: "pullrequest:created", payload }),
    );
    expect(forged.status).toBe(401);
    expect(titles).toEqual(["Add Hookwire", "legacy Add Hookwire"]);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = new TextEncoder().encode(
            JSON.stringify({ push: { changes: [] }, note: Buffer.from(bytes).toString("base64") }),
          );
          // independent signer: node:crypto, as Bitbucket documents the scheme
          const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
          expect(await bitbucketSignature(body, secret)).toBe(signature);
          const receiver = bitbucket({ secret });
          await expect(
            receiver.verify(request(body, { "x-hub-signature": signature })),
          ).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature": signature })))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("bitbucket() — cases found by mutation testing", () => {
  const P = "[@hookwire/bitbucket]";
  const receiver = bitbucket({ secret: "webhook-secret" });

  it("refuses blank, mis-prefixed and wrong signatures with exact messages", async () => {
    const signature = await bitbucketSignature(fixture, "webhook-secret");
    await expect(receiver.verify(request(fixture, { "x-hub-signature": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Hub-Signature header is missing. Set the same secret on the Bitbucket webhook.`,
    });
    // the right hex behind another 7-character prefix: only the prefix check refuses it
    await expect(
      receiver.verify(request(fixture, { "x-hub-signature": `sha512=${signature.slice(7)}` })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The X-Hub-Signature header does not start with "sha256=".`,
    });
    await expect(
      receiver.verify(request(fixture, { "x-hub-signature": await bitbucketSignature(fixture, "other") })),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
  });

  it("trims the event key, and reads ids and attempt numbers from their headers only", async () => {
    const signature = await bitbucketSignature(fixture, "webhook-secret");
    const event = await receiver.verify(
      request(fixture, {
        "x-hub-signature": signature,
        "x-event-key": " pullrequest:created ",
        "x-attempt-number": "1",
      }),
    );
    expect([event.type, event.provider, event.meta.attemptNumber]).toEqual([
      "pullrequest:created",
      "bitbucket",
      1,
    ]);
    expect(event.meta.hookUuid).toBe("{d1f3c2a4-5b6e-4f70-8a9b-0c1d2e3f4a5b}");
    const bare = new Request("https://example.com/webhooks/bitbucket", {
      method: "POST",
      body: fixture,
      headers: {
        "content-type": "application/json",
        "x-event-key": "repo:push",
        "x-hub-signature": signature,
      },
    });
    const none = await receiver.verify(bare);
    expect([none.id, none.meta.hookUuid, none.meta.attemptNumber]).toEqual([undefined, undefined, undefined]);
    for (const value of ["123456789", "1234567890"]) {
      const e = await receiver.verify(
        request(fixture, { "x-hub-signature": signature, "x-attempt-number": value }),
      );
      expect(e.meta.attemptNumber).toBe(value.length <= 9 ? Number(value) : undefined);
    }
  });

  it("refuses bad configuration at creation, and requires the code when both are set", async () => {
    expect(() => bitbucket(undefined as never)).toThrow(
      `${P} The secret option is missing. Set a secret on the Bitbucket webhook and pass { secret: process.env.BITBUCKET_WEBHOOK_SECRET } (or { code } for ?code= URLs).`,
    );
    expect(() => bitbucket({ code: "" })).toThrow(/code option/);
    expect(() => bitbucket({ code: CODE })).not.toThrow();
    const both = bitbucket({ code: CODE, secret: "s" });
    const signed = request(fixture, { "x-hub-signature": await bitbucketSignature(fixture, "s") });
    expect(await codeOf(both.verify(signed))).toBe("SIGNATURE_MISSING");
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = bitbucket({ secret: "webhook-secret", maxBodyBytes: 8 });
    const signature = await bitbucketSignature(fixture, "webhook-secret");
    expect(await codeOf(small.verify(request(fixture, { "x-hub-signature": signature })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

function creationCode(make: () => unknown): string | undefined {
  try {
    make();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("bitbucket() ?code= setup and transport", () => {
  it("refuses a code outside 32–128 characters when created, not at the first request", () => {
    for (const bad of ["x".repeat(31), "x".repeat(129), ["y".repeat(32), "short"]]) {
      expect(creationCode(() => bitbucket({ code: bad }))).toBe("CONFIGURATION_INVALID");
    }
    expect(() => bitbucket({ code: "x".repeat(31) })).toThrow(/between 32 and 128 characters/);
    for (const good of ["x".repeat(32), "x".repeat(128), ["y".repeat(32), "z".repeat(64)]]) {
      expect(creationCode(() => bitbucket({ code: good }))).toBeUndefined();
    }
    // a function is looked up (and checked) per request
    expect(creationCode(() => bitbucket({ code: () => "short" }))).toBeUndefined();
  });

  it("refuses ?code= over plain http unless allowHttp, or trustProxy with X-Forwarded-Proto https", async () => {
    const plain = `http://example.com/webhooks/bitbucket?code=${CODE}`;
    expect(await codeOf(bitbucket({ code: CODE }).verify(request(fixture, {}, plain)))).toBe(
      "HTTPS_REQUIRED",
    );
    expect((await bitbucket({ code: CODE, allowHttp: true }).verify(request(fixture, {}, plain))).type).toBe(
      "repo:push",
    );
    const proxied = bitbucket({ code: CODE, trustProxy: true });
    expect((await proxied.verify(request(fixture, { "x-forwarded-proto": "https" }, plain))).type).toBe(
      "repo:push",
    );
    expect(await codeOf(proxied.verify(request(fixture, { "x-forwarded-proto": "http" }, plain)))).toBe(
      "HTTPS_REQUIRED",
    );
  });
});

runHmacProviderConformance({
  name: "bitbucket",
  create: bitbucket,
  testRequest: bitbucketTestRequest,
  payload: { push: { changes: [] } },
  event: "repo:push",
  type: "repo:push",
  signatureHeader: "x-hub-signature",
});

describe("descriptor (@hookwire/bitbucket/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "bitbucket",
    example: {
      payload: { push: { changes: [] } },
      event: "pullrequest:created",
      type: "pullrequest:created",
    },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toContain("X-Event-Key");
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as repo:push when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("repo:push");
  });
});

describe("bitbucket — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/repo-push.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/repo-push.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("bitbucket — cases found by the third mutation run", () => {
  const errorOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as { code?: string; message: string };
    }
    throw new Error("not refused");
  };
  const url = (query: string) => `https://example.com/webhooks/bitbucket${query}`;
  const delivery = (query: string) =>
    new Request(url(query), {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json", "x-event-key": "repo:push" },
    });

  it("bitbucketTestRequest sends Bitbucket's headers: user agent, event key (default repo:push), ids, attempt 1", async () => {
    const sent = await bitbucketTestRequest({ secret: "s", payload: JSON.parse(fixture.toString("utf8")) });
    expect(sent.headers.get("user-agent")).toBe("Bitbucket-Webhooks/2.0");
    const event = await bitbucket({ secret: "s" }).verify(sent);
    expect(event.type).toBe("repo:push");
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(event.meta).toMatchObject({
      attemptNumber: 1,
      hookUuid: expect.stringMatching(/^\{[0-9a-f-]{36}\}$/),
    });
    const named = await bitbucketTestRequest({
      secret: "s",
      id: "{a1b2}",
      event: "pullrequest:created",
      payload: {},
    });
    const read = await bitbucket({ secret: "s" }).verify(named);
    expect([read.type, read.id]).toEqual(["pullrequest:created", "{a1b2}"]);
  });

  it("with only a code, a wrong or missing ?code= is refused in the package's words", async () => {
    const receiver = bitbucket({ code: CODE });
    const wrong = await errorOf(receiver.verify(delivery(`?code=${"f".repeat(32)}`)));
    expect([wrong.code, wrong.message]).toEqual([
      "SIGNATURE_INVALID",
      "[@hookwire/bitbucket] The 'code' query parameter does not match.",
    ]);
    expect((await errorOf(receiver.verify(delivery("")))).message).toMatch(/^\[@hookwire\/bitbucket\] /);
    expect((await receiver.verify(delivery(`?code=${CODE}`))).type).toBe("repo:push");
  });

  it("a code function that finds nothing is named as the code option", async () => {
    const refused = await errorOf(bitbucket({ code: () => "" }).verify(delivery(`?code=${CODE}`)));
    expect(refused.message).toBe(
      '[@hookwire/bitbucket] No code is configured for this request. Pass { code: "…" } (a string, a list for rotation, or a function of the request).',
    );
  });

  it("without secret and code the refusal is CONFIGURATION_INVALID", () => {
    expect(() => bitbucket({} as never)).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
  });
});
