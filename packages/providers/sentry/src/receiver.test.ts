import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sentry } from "./receiver.js";
import { descriptor, sentrySignature, sentryTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/issue-created.json", import.meta.url));
const SECRET = "3b6a6f7dbb8b4a0a9ed7c5c4d5e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5";

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/sentry", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "sentry-hook-resource": "issue",
      "sentry-hook-timestamp": "1566248317",
      "request-id": "e4e47a2c-0e3c-4a2b-9d1e-5b5c1b3f9d6a",
      ...headers,
    },
  });
}

describe("sentry()", () => {
  it("verifies the documented issue.created example signed as Sentry's documentation computes it", async () => {
    const signature = createHmac("sha256", SECRET).update(fixture).digest("hex");
    const event = await sentry({ secret: SECRET }).verify(
      request(fixture, { "sentry-hook-signature": signature }),
    );
    expect(event.type).toBe("issue.created");
    expect(event.id).toBe("e4e47a2c-0e3c-4a2b-9d1e-5b5c1b3f9d6a");
    expect(event.meta).toEqual({
      resource: "issue",
      installationId: "7a485448-a9e2-4c85-8a3c-4f44175783c9",
      timestamp: "1566248317",
    });
    expect((event.payload as { data: { issue: { shortId: string } } }).data.issue.shortId).toBe(
      "FRONT-END-9",
    );
  });

  it("signs what the documented HMAC computes, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          expect(await sentrySignature(body, secret)).toBe(
            createHmac("sha256", secret).update(body).digest("hex"),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = sentry({ secret: SECRET });
    const signature = await sentrySignature(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace("FRONT-END-9", "FRONT-END-8"));
    expect(await codeOf(receiver.verify(request(tampered, { "sentry-hook-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "sentry-hook-signature": await sentrySignature(fixture, "x") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(fixture, { "sentry-hook-signature": `sha256=${signature}` }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a missing resource header and malformed JSON after a valid signature", async () => {
    const receiver = sentry({ secret: SECRET });
    const signature = await sentrySignature(fixture, SECRET);
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "sentry-hook-signature": signature, "sentry-hook-resource": "" })),
      ),
    ).toBe("HEADER_INVALID");
    for (const body of ["{not json", "[1]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "sentry-hook-signature": await sentrySignature(body, SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes issue.created to issue and issue.created handlers; installation.created is an ordinary event", async () => {
    const hooks = createWebhooks({ receivers: { sentry: sentry({ secret: SECRET }) } });
    const seen: string[] = [];
    hooks.on("sentry", "issue", (event) => {
      seen.push(`issue:${event.payload.action}`);
    });
    hooks.on("sentry", "issue.created", (event) => {
      seen.push(`created:${event.payload.data.issue.shortId}`);
    });
    hooks.on("sentry", "installation.created", (event) => {
      seen.push(`installed:${event.payload.data.installation.code}`);
    });
    const issue = JSON.parse(fixture.toString("utf8"));
    expect(
      (await hooks.handle(await sentryTestRequest({ secret: SECRET, event: "issue", payload: issue })))
        .status,
    ).toBe(200);
    const installation = {
      action: "created",
      installation: { uuid: "u1" },
      data: {
        installation: {
          uuid: "u1",
          status: "pending",
          code: "grant-code",
          app: { uuid: "a1", slug: "hookwire-test" },
          organization: { slug: "example" },
        },
      },
      actor: { type: "user", id: 1, name: "Ada" },
    };
    await hooks.handle(
      await sentryTestRequest({ secret: SECRET, event: "installation", payload: installation }),
    );
    expect(seen.sort()).toEqual(["created:FRONT-END-9", "installed:grant-code", "issue:created"]);
  });

  it("declares Sentry's 1 s deadline, so respondWithin: deadline acknowledges before it", async () => {
    const receiver = sentry({ secret: SECRET });
    expect(receiver.deadlineMs).toBe(1_000);
    const hooks = createWebhooks({ receivers: { sentry: receiver }, respondWithin: "deadline" });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    hooks.on("sentry", "issue.created", async () => {
      await held;
      finished = true;
    });
    const response = await hooks.handle(
      await sentryTestRequest({ secret: SECRET, payload: JSON.parse(fixture.toString("utf8")) }),
    );
    // answered while the handler is still waiting: the acknowledgement did not wait for it
    expect(response.status).toBe(202);
    expect(finished).toBe(false);
    release();
  });

  runDescriptorConformance(descriptor, { name: "sentry", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { data: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "sentry",
  create: sentry,
  testRequest: sentryTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  event: "issue",
  type: "issue.created",
  signatureHeader: "sentry-hook-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as issue.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("issue.created");
  });
});

describe("sentry() ids, types and meta", () => {
  const signed = async (body: string, headers: Record<string, string> = {}) =>
    request(body, { "sentry-hook-signature": await sentrySignature(body, SECRET), ...headers });

  it("types by resource.action, or the resource alone when action is empty or not a string", async () => {
    const receiver = sentry({ secret: SECRET });
    for (const [action, type] of [
      ["resolved", "issue.resolved"],
      ["", "issue"],
      [3, "issue"],
      [undefined, "issue"],
    ] as const) {
      const event = await receiver.verify(await signed(JSON.stringify({ action, data: {} })));
      expect(event.type).toBe(type);
    }
    const spaced = await receiver.verify(
      await signed('{"action":"created"}', { "sentry-hook-resource": " error " }),
    );
    expect(spaced.type).toBe("error.created");
    expect(spaced.meta.resource).toBe("error");
  });

  it("takes Request-ID (trimmed) as the id, none when absent or blank; the timestamp and installation likewise", async () => {
    const receiver = sentry({ secret: SECRET });
    const blank = await receiver.verify(
      await signed('{"action":"created","installation":{"uuid":7}}', {
        "request-id": " ",
        "sentry-hook-timestamp": "",
      }),
    );
    expect(blank.id).toBeUndefined();
    expect(blank.meta).toEqual({ resource: "issue", installationId: undefined, timestamp: undefined });
    const bare = new Request("https://example.com/webhooks/sentry", {
      method: "POST",
      body: "{}",
      headers: {
        "content-type": "application/json",
        "sentry-hook-resource": "installation",
        "sentry-hook-signature": await sentrySignature("{}", SECRET),
      },
    });
    const none = await receiver.verify(bare);
    expect(none.id).toBeUndefined();
    expect(none.meta).toEqual({ resource: "installation", installationId: undefined, timestamp: undefined });
    const trimmed = await receiver.verify(
      await signed("{}", { "request-id": " r-1 ", "sentry-hook-timestamp": " 17 " }),
    );
    expect(trimmed.id).toBe("r-1");
    expect(trimmed.meta.timestamp).toBe("17");
  });

  it("names the package and the client secret when the signature is missing", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await sentry({ secret: SECRET }).verify(request(fixture, {}));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/sentry]");
    expect(error.message).toContain(
      "Sentry signs integration webhooks with the integration's client secret.",
    );
  });

  it("sentryTestRequest: resource, whole-second timestamp and a fresh UUID request id by default", async () => {
    const fixed = await sentryTestRequest({
      secret: SECRET,
      payload: {},
      event: "error",
      id: "r-2",
      timestamp: 1_700_000_000.9,
    });
    expect(fixed.headers.get("sentry-hook-resource")).toBe("error");
    expect(fixed.headers.get("sentry-hook-timestamp")).toBe("1700000000");
    expect(fixed.headers.get("request-id")).toBe("r-2");
    expect(fixed.url).toBe("https://example.com/webhooks/sentry");
    const before = Math.floor(Date.now() / 1000);
    const a = await sentryTestRequest({ secret: SECRET, payload: {} });
    const b = await sentryTestRequest({ secret: SECRET, payload: {} });
    const after = Math.floor(Date.now() / 1000);
    expect(a.headers.get("sentry-hook-resource")).toBe("issue");
    const seconds = Number(a.headers.get("sentry-hook-timestamp"));
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    expect(a.headers.get("sentry-hook-timestamp")).toMatch(/^\d+$/);
    expect(a.headers.get("request-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(b.headers.get("request-id")).not.toBe(a.headers.get("request-id"));
    expect(a.headers.get("sentry-hook-signature")).toBe(
      createHmac("sha256", SECRET).update("{}").digest("hex"),
    );
  });

  it("applies maxBodyBytes, refuses to be created without options, names its provider", async () => {
    const sig = await sentrySignature(fixture, SECRET);
    expect(
      await codeOf(
        sentry({ secret: SECRET, maxBodyBytes: 16 }).verify(
          request(fixture, { "sentry-hook-signature": sig }),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(
        sentry({ secret: SECRET, maxBodyBytes: 1 << 20 }).verify(
          request(fixture, { "sentry-hook-signature": sig }),
        ),
      ),
    ).toBe("OK");
    expect(() => sentry(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(sentry({ secret: SECRET }).provider).toBe("sentry");
  });

  it("descriptor: the example is the fixture (Sentry's documented issue.created), its secret and event named", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture.toString("utf8")), event: "issue" });
    expect(descriptor.secretIs).toBe("the integration's client secret");
    expect(descriptor.eventOption).toBe("Sentry-Hook-Resource (issue, error, installation…)");
  });
});

describe("sentry() refusal messages", () => {
  it("names the package when the resource header is missing or the body is not JSON", async () => {
    const receiver = sentry({ secret: SECRET });
    for (const [body, headers] of [
      ["{}", { "sentry-hook-resource": "" }],
      ["{not json", {}],
    ] as const) {
      let error: { code?: string; message?: string } = {};
      try {
        await receiver.verify(
          request(body, { "sentry-hook-signature": await sentrySignature(body, SECRET), ...headers }),
        );
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.message).toContain("[@hookwire/sentry]");
    }
  });
});
