import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jira } from "./receiver.js";
import { descriptor, jiraSignature, jiraTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/issue-created.json", import.meta.url));
const SECRET = "jira-admin-webhook-secret-0123456789";

/** Atlassian's documented computation (WebSub): `sha256=` + hex HMAC-SHA256 of the raw body. */
const documented = (body: Uint8Array, secret: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/jira", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-atlassian-webhook-identifier": "2043",
      "x-atlassian-webhook-retry": "1",
      "x-atlassian-webhook-flow": "Secondary",
      ...headers,
    },
  });
}

describe("jira()", () => {
  it("verifies a jira:issue_created body signed as Atlassian's documentation computes it", async () => {
    const event = await jira({ secret: SECRET }).verify(
      request(fixture, { "x-hub-signature": documented(fixture, SECRET) }),
    );
    expect(event.type).toBe("jira:issue_created");
    expect(event.id).toBe("2043");
    expect(event.meta).toEqual({ retry: 1, flow: "Secondary" });
    expect((event.payload as { issue: { key: string } }).issue.key).toBe("ED-1");
  });

  it("signs what the documented computation gives, for arbitrary bodies and secrets", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (secret, body) => {
          expect(await jiraSignature(body, secret)).toBe(documented(body, secret));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, wrong secrets, missing, unprefixed and SHA-1 signatures with coded errors", async () => {
    const receiver = jira({ secret: SECRET });
    const signature = documented(fixture, SECRET);
    const tampered = Buffer.from(fixture.toString("utf8").replace('"ED-1"', '"ED-2"'));
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-hub-signature": documented(fixture, "x") }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": signature.slice(7) })))).toBe(
      "SIGNATURE_INVALID",
    );
    const sha1 = `sha1=${createHmac("sha1", SECRET).update(fixture).digest("hex")}`;
    expect(await codeOf(receiver.verify(request(fixture, { "x-hub-signature": sha1 })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("refuses a signed body without webhookEvent, and malformed JSON", async () => {
    const receiver = jira({ secret: SECRET });
    for (const body of [JSON.stringify({ timestamp: 1 }), "{not json", "[]"]) {
      expect(
        await codeOf(
          receiver.verify(request(body, { "x-hub-signature": documented(Buffer.from(body), SECRET) })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("routes by webhookEvent and jira:*, and drops Jira's retry of one delivery", async () => {
    const hooks = createWebhooks({ receivers: { jira: jira({ secret: SECRET }) }, idempotency: true });
    const seen: string[] = [];
    hooks.on("jira", "jira:issue_created", (event) => {
      seen.push(`created:${event.payload.issue.key}`);
    });
    hooks.on("jira", "jira:*", (event) => {
      seen.push(`jira:${event.type}`);
    });
    hooks.on("jira", "comment_created", () => {
      seen.push("comment");
    });
    const body = JSON.parse(fixture.toString("utf8"));
    const first = await jiraTestRequest({ secret: SECRET, payload: body, id: "7001" });
    expect((await hooks.handle(first)).status).toBe(200);
    const retry = await jiraTestRequest({
      secret: SECRET,
      payload: body,
      id: "7001",
      headers: { "x-atlassian-webhook-retry": "1" },
    });
    expect((await hooks.handle(retry)).status).toBe(200);
    expect(seen.sort()).toEqual(["created:ED-1", "jira:jira:issue_created"]);
  });

  runDescriptorConformance(descriptor, { name: "jira", secret: SECRET });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(SECRET);
    const ok = await descriptor.sign({ secret: SECRET, event: "ping", payload: { issue: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "jira",
  create: jira,
  testRequest: jiraTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "jira:issue_created",
  signatureHeader: "x-hub-signature",
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as jira:issue_created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("jira:issue_created");
  });
});

describe("jira — cases found by mutation testing", () => {
  const receiver = jira({ secret: SECRET });
  const signedWith = (headers: Record<string, string>) => {
    const init = request(fixture, { "x-hub-signature": documented(fixture, SECRET), ...headers });
    return init;
  };

  it("reads the retry count as a decimal number, 0 when absent or not a number, and the flow when sent", async () => {
    const metaOf = async (headers: Record<string, string>) =>
      (await receiver.verify(signedWith(headers))).meta;
    expect(await metaOf({ "x-atlassian-webhook-retry": "3", "x-atlassian-webhook-flow": "Primary" })).toEqual(
      {
        retry: 3,
        flow: "Primary",
      },
    );
    expect(await metaOf({ "x-atlassian-webhook-retry": "010" })).toEqual({ retry: 10, flow: "Secondary" });
    expect(await metaOf({ "x-atlassian-webhook-retry": "x" })).toEqual({ retry: 0, flow: "Secondary" });
    const bare = new Request("https://example.com/webhooks/jira", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json", "x-hub-signature": documented(fixture, SECRET) },
    });
    const event = await receiver.verify(bare);
    expect(event.meta).toEqual({ retry: 0, flow: undefined });
    expect(event.id).toBeUndefined();
  });

  it("is named jira, says where to set the secret when the signature is missing, names a body without webhookEvent", async () => {
    expect(receiver.provider).toBe("jira");
    expect(await refusalOf(receiver.verify(request(fixture, {})))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/jira] The X-Hub-Signature header is missing. Set a secret on the Jira webhook (Settings → System → WebHooks → Secret); Jira signs only webhooks that have one.",
    });
    const body = JSON.stringify({ issue: {} });
    expect(
      await refusalOf(
        receiver.verify(request(body, { "x-hub-signature": documented(Buffer.from(body), SECRET) })),
      ),
    ).toEqual({
      code: "PAYLOAD_INVALID",
      message: '[@hookwire/jira] The body has no "webhookEvent".',
    });
    expect(await refusalOf(receiver.verify(request(fixture, { "x-hub-signature": "sha1=00" })))).toEqual({
      code: "SIGNATURE_INVALID",
      message: '[@hookwire/jira] The X-Hub-Signature header does not start with "sha256=".',
    });
  });

  it("jiraTestRequest: timestamp in milliseconds and webhookEvent filled, Jira's headers, a numeric delivery id", async () => {
    const made = await jiraTestRequest({
      secret: SECRET,
      payload: { issue: { key: "A-1" } },
      id: "9",
      timestamp: 1_700_000_000.1234,
    });
    expect(made.url).toBe("https://example.com/webhooks/jira");
    expect(made.headers.get("x-atlassian-webhook-identifier")).toBe("9");
    expect(made.headers.get("x-atlassian-webhook-flow")).toBe("Primary");
    const text = await made.clone().text();
    expect(JSON.parse(text)).toEqual({
      timestamp: 1_700_000_000_123,
      webhookEvent: "jira:issue_created",
      issue: { key: "A-1" },
    });
    expect(made.headers.get("x-hub-signature")).toBe(documented(Buffer.from(text), SECRET));
    const fresh = await jiraTestRequest({ secret: SECRET, payload: {}, event: "comment_created" });
    const sent = JSON.parse(await fresh.text());
    expect(sent.webhookEvent).toBe("comment_created");
    expect(Math.abs(sent.timestamp - Date.now())).toBeLessThan(600_000);
    expect(fresh.headers.get("x-atlassian-webhook-identifier")).toMatch(/^\d{1,16}$/);
    const another = await jiraTestRequest({ secret: SECRET, payload: {} });
    expect(another.headers.get("x-atlassian-webhook-identifier")).not.toBe(
      fresh.headers.get("x-atlassian-webhook-identifier"),
    );
  });

  it("the descriptor: its alias, event option and Atlassian's documented issue_created example", () => {
    expect(descriptor.aliases).toEqual(["atlassian"]);
    expect(descriptor.eventOption).toBe(
      "the body's webhookEvent when the payload has none (jira:issue_created…)",
    );
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
    expect(descriptor.example?.event).toBe("jira:issue_created");
  });
});
