import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { runHmacProviderConformance } from "@hookwire/test-utils";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { github } from "./receiver.js";
import { descriptor, githubSignature, githubTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/issues-opened.json", import.meta.url));
const DOC = {
  secret: "It's a Secret to Everybody",
  payload: "Hello, World!",
  signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/github", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-github-event": "issues", ...headers },
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("github()", () => {
  it("reproduces the signature from GitHub's documentation", async () => {
    expect(await githubSignature(DOC.payload, DOC.secret)).toBe(DOC.signature);
  });

  it("verifies a real payload and names the event issues.opened with the delivery id", async () => {
    const signature = await githubSignature(fixture, "s3cret");
    const event = await github({ secret: "s3cret" }).verify(
      request(fixture, {
        "x-hub-signature-256": signature,
        "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      }),
    );
    expect(event.type).toBe("issues.opened");
    expect(event.id).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(event.provider).toBe("github");
    expect((event.payload as { issue: { number: number } }).issue.number).toBe(1347);
  });

  it("verifies signatures made by @octokit/webhooks-methods", async () => {
    const body = fixture.toString("utf8");
    const signature = await octokitSign("octokit-secret", body);
    const event = await github({ secret: "octokit-secret" }).verify(
      request(body, { "x-hub-signature-256": signature }),
    );
    expect(event.type).toBe("issues.opened");
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const signature = await githubSignature(fixture, "old");
    expect(
      (
        await github({ secret: ["new", "old"] }).verify(
          request(fixture, { "x-hub-signature-256": signature }),
        )
      ).type,
    ).toBe("issues.opened");
    const lookup = vi.fn(async () => "old");
    await github({ secret: lookup }).verify(request(fixture, { "x-hub-signature-256": signature }));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures with coded errors", async () => {
    const receiver = github({ secret: "s3cret" });
    const signature = await githubSignature(fixture, "s3cret");
    const tampered = Buffer.from(fixture);
    tampered[20] = tampered[20]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature-256": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-hub-signature-256": await githubSignature(fixture, "wrong") })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-hub-signature-256": signature.slice(7) }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature-256": "sha256=zz" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a missing event header, a wrong content type and malformed JSON after a valid signature", async () => {
    const receiver = github({ secret: "s3cret" });
    const signature = await githubSignature(fixture, "s3cret");
    const noEvent = new Request("https://example.com/webhooks/github", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json", "x-hub-signature-256": signature },
    });
    expect(await codeOf(receiver.verify(noEvent))).toBe("HEADER_INVALID");
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "x-hub-signature-256": signature, "content-type": "text/xml" })),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    const broken = "{not json";
    expect(
      await codeOf(
        receiver.verify(request(broken, { "x-hub-signature-256": await githubSignature(broken, "s3cret") })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("accepts the legacy SHA-1 header only when enabled", async () => {
    const { hmacString } = await import("@hookwire/core");
    const sha1 = `sha1=${await hmacString("SHA-1", "s3cret", fixture, "hex")}`;
    expect(
      await codeOf(github({ secret: "s3cret" }).verify(request(fixture, { "x-hub-signature": sha1 }))),
    ).toBe("SIGNATURE_MISSING");
    const event = await github({ secret: "s3cret", legacySha1: true }).verify(
      request(fixture, { "x-hub-signature": sha1 }),
    );
    expect(event.type).toBe("issues.opened");
  });

  it("accepts form-encoded payload= bodies", async () => {
    const req = await githubTestRequest({
      secret: "s3cret",
      event: "issues",
      payload: fixture.toString(),
      form: true,
    });
    expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const event = await github({ secret: "s3cret" }).verify(req);
    expect(event.type).toBe("issues.opened");
  });

  it("handles ping and push (events without an action)", async () => {
    const ping = await github({ secret: "s3cret" }).verify(
      await githubTestRequest({
        secret: "s3cret",
        event: "ping",
        payload: { zen: "Keep it logically awesome.", hook_id: 1 },
      }),
    );
    expect(ping.type).toBe("ping");
    const push = await github({ secret: "s3cret" }).verify(
      await githubTestRequest({ secret: "s3cret", event: "push", payload: { ref: "refs/heads/main" } }),
    );
    expect(push.type).toBe("push");
  });

  it("refuses to be created without a secret", () => {
    expect(() => github({ secret: "" })).toThrow(/secret option is missing/);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 1024 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const text = JSON.stringify({ data: Buffer.from(bytes).toString("base64") });
          const body = new TextEncoder().encode(text);
          // the independent signer (GitHub's own @octokit/webhooks-methods) signs; ours must agree
          const signature = await octokitSign(secret, text);
          expect(await githubSignature(body, secret)).toBe(signature);
          expect(await octokitVerify(secret, text, await githubSignature(body, secret))).toBe(true);
          const receiver = github({ secret });
          await expect(
            receiver.verify(request(body, { "x-hub-signature-256": signature })),
          ).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature-256": signature })))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { github: github({ secret: "s3cret" }) } });
    const numbers: number[] = [];
    hooks.on("github", "issues.opened", (event) => {
      numbers.push(event.payload.issue.number);
    });
    const response = await hooks.handle(
      await githubTestRequest({ secret: "s3cret", event: "issues", payload: JSON.parse(fixture.toString()) }),
    );
    expect(response.status).toBe(200);
    expect(numbers).toEqual([1347]);
  });
});

describe("github() — cases found by mutation testing", () => {
  async function errorOf(promise: Promise<unknown>): Promise<WebhookError> {
    try {
      await promise;
    } catch (error) {
      if (WebhookError.isInstance(error)) return error;
      throw error;
    }
    throw new Error("expected a WebhookError");
  }

  it("names the package and the fix in each refusal", async () => {
    const receiver = github({ secret: "s3cret" });
    const signature = await githubSignature(fixture, "s3cret");
    const missing = await errorOf(receiver.verify(request(fixture, {})));
    expect(missing.message).toBe(
      "[@hookwire/github] The X-Hub-Signature-256 header is missing. Set a secret on the GitHub webhook.",
    );
    const prefix = await errorOf(
      receiver.verify(request(fixture, { "x-hub-signature-256": signature.slice(7) })),
    );
    expect(prefix.message).toBe(
      '[@hookwire/github] The X-Hub-Signature-256 header does not start with "sha256=".',
    );
    const wrong = await errorOf(
      receiver.verify(request(fixture, { "x-hub-signature-256": await githubSignature(fixture, "wrong") })),
    );
    expect(wrong.message).toBe("[@hookwire/github] The signature does not match the body.");
    const media = await errorOf(
      receiver.verify(request(fixture, { "x-hub-signature-256": signature, "content-type": "text/xml" })),
    );
    expect(media.message).toMatch(
      /^\[@hookwire\/github\] Content-Type "text\/xml" is not sent by GitHub; expected/,
    );
  });

  it("treats a blank signature header as missing, not as a wrong signature", async () => {
    const receiver = github({ secret: "s3cret" });
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature-256": "   " })))).toBe(
      "SIGNATURE_MISSING",
    );
  });

  it("refuses the sha256 hex without its sha256= prefix even when the hex is right", async () => {
    // the prefix check is the only thing that refuses a bare hex that still HMAC-matches after slicing
    const hex = (await githubSignature(fixture, "s3cret")).slice("sha256=".length);
    const padded = `xxxxxxx${hex}`;
    expect(
      await codeOf(github({ secret: "s3cret" }).verify(request(fixture, { "x-hub-signature-256": padded }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("with legacySha1, still verifies X-Hub-Signature-256 when both headers are present", async () => {
    const signature = await githubSignature(fixture, "s3cret");
    const event = await github({ secret: "s3cret", legacySha1: true }).verify(
      request(fixture, { "x-hub-signature-256": signature, "x-hub-signature": "sha1=0000" }),
    );
    expect(event.type).toBe("issues.opened");
  });

  it("parses a body without a content type as JSON", async () => {
    const signature = await githubSignature(fixture, "s3cret");
    const req = new Request("https://example.com/webhooks/github", {
      method: "POST",
      body: fixture,
      headers: { "x-github-event": "issues", "x-hub-signature-256": signature },
    });
    req.headers.delete("content-type");
    const event = await github({ secret: "s3cret" }).verify(req);
    expect(event.type).toBe("issues.opened");
  });

  it("refuses a signed form body without a payload field", async () => {
    const body = "other=1";
    const error = await errorOf(
      github({ secret: "s3cret" }).verify(
        request(body, {
          "content-type": "application/x-www-form-urlencoded",
          "x-hub-signature-256": await githubSignature(body, "s3cret"),
        }),
      ),
    );
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.message).toBe('[@hookwire/github] The form body has no "payload" field.');
  });

  it("ignores a non-string action and keeps the hook id in meta", async () => {
    const body = JSON.stringify({ action: 3 });
    const event = await github({ secret: "s3cret" }).verify(
      request(body, {
        "x-github-event": "custom",
        "x-github-hook-id": "4242",
        "x-hub-signature-256": await githubSignature(body, "s3cret"),
      }),
    );
    expect(event.type).toBe("custom");
    expect(event.meta).toEqual({ hookId: "4242" });
    const noHook = await github({ secret: "s3cret" }).verify(
      request(fixture, { "x-hub-signature-256": await githubSignature(fixture, "s3cret") }),
    );
    expect(noHook.meta).toEqual({ hookId: undefined });
    expect(noHook.id).toBeUndefined();
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const signature = await githubSignature(fixture, "s3cret");
    expect(
      await codeOf(
        github({ secret: "s3cret", maxBodyBytes: 16 }).verify(
          request(fixture, { "x-hub-signature-256": signature }),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a missing options object with the coded setup error", () => {
    expect(() => github(undefined as never)).toThrow(/secret option is missing/);
  });

  it("githubTestRequest sends GitHub's headers: JSON, ping by default, a fresh delivery id, hook id", async () => {
    const a = await githubTestRequest({ secret: "s3cret", payload: {} });
    const b = await githubTestRequest({ secret: "s3cret", payload: {}, id: "given" });
    expect(a.headers.get("content-type")).toBe("application/json");
    expect(a.headers.get("user-agent")).toMatch(/^GitHub-Hookshot\//);
    expect(a.headers.get("x-github-event")).toBe("ping");
    expect(a.headers.get("x-github-delivery")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-github-hook-id")).toBe("1");
    expect(b.headers.get("x-github-delivery")).toBe("given");
  });
});

runHmacProviderConformance({
  name: "github",
  create: github,
  testRequest: githubTestRequest,
  payload: { action: "opened", issue: { number: 1 } },
  event: "issues",
  type: "issues.opened",
  signatureHeader: "x-hub-signature-256",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as issues.opened when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("issues.opened");
  });
});

describe("github — cases found by the third mutation run", () => {
  const documented = JSON.parse(fixture.toString("utf8")) as Record<string, any>;
  const pick = (from: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.map((key) => [key, from[key]]));
  const person = (from: Record<string, unknown>) => pick(from, ["login", "id", "type"]);

  it("descriptor.example is GitHub's documented issues.opened delivery (the fixture), trimmed to these fields", () => {
    const { issue, repository, sender } = documented;
    expect(descriptor.example?.event).toBe("issues");
    expect(descriptor.example?.payload).toEqual({
      action: documented.action,
      issue: {
        ...pick(issue, ["url", "id", "node_id", "number", "title", "state", "body", "labels", "created_at"]),
        user: person(issue.user),
      },
      repository: {
        ...pick(repository, ["id", "name", "full_name", "private"]),
        owner: person(repository.owner),
      },
      sender: person(sender),
    });
  });

  it("descriptor names the receiver's provider, this package and the X-GitHub-Event header", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      name: string;
    };
    expect(descriptor.name).toBe(descriptor.receiver("s3cret").provider);
    expect(descriptor.packageName).toBe(pkg.name);
    expect(descriptor.eventOption).toMatch(/^X-GitHub-Event \(/);
  });

  it("an empty action is not appended to the event name", async () => {
    const body = JSON.stringify({ action: "", zen: "Keep it simple." });
    const event = await github({ secret: "s3cret" }).verify(
      request(body, {
        "x-github-event": "ping",
        "x-hub-signature-256": await githubSignature(body, "s3cret"),
      }),
    );
    expect(event.type).toBe("ping");
  });

  it("with legacySha1 and neither header, the refusal says to set a secret on the webhook", async () => {
    const refused = github({ secret: "s3cret", legacySha1: true }).verify(request(fixture, {}));
    await expect(refused).rejects.toMatchObject({ code: "SIGNATURE_MISSING" });
    await expect(refused).rejects.toThrow(
      /X-Hub-Signature header is missing\. Set a secret on the GitHub webhook\./,
    );
  });
});
