import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { slack } from "./receiver.js";
import { slackSignature, slackTestRequest } from "./testing.js";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url));
const DOC = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: 1531420618,
  body: fixture("slash-command.txt").toString("utf8"),
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const docNow = () => DOC.timestamp * 1000 + 1000;
const mention = fixture("app-mention.json");
const NOW = 1_700_000_000;
const now = () => NOW * 1000;

function request(body: BodyInit, headers: Record<string, string>, type = "application/json"): Request {
  return new Request("https://example.com/webhooks/slack", {
    method: "POST",
    body,
    headers: { "content-type": type, ...headers },
  });
}

async function signed(body: string | Uint8Array, secret = "s3cret", timestamp = NOW, type?: string) {
  return request(
    body as BodyInit,
    {
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": await slackSignature(body, timestamp, secret),
    },
    type,
  );
}

describe("slack()", () => {
  it("reproduces and verifies the signature from Slack's documentation (a slash command)", async () => {
    expect(await slackSignature(DOC.body, DOC.timestamp, DOC.secret)).toBe(DOC.signature);
    const event = await slack({ secret: DOC.secret, now: docNow }).verify(
      request(
        DOC.body,
        { "x-slack-request-timestamp": String(DOC.timestamp), "x-slack-signature": DOC.signature },
        "application/x-www-form-urlencoded",
      ),
    );
    expect(event.type).toBe("command./webhook-collect");
    expect(event.id).toBeUndefined();
    expect(event.meta.command).toBe("/webhook-collect");
    expect((event.payload as { user_name: string }).user_name).toBe("roadrunner");
  });

  it("refuses the documented request when the timestamp is moved by 10 s (bolt-js's case)", async () => {
    const moved = request(
      DOC.body,
      { "x-slack-request-timestamp": String(DOC.timestamp + 10), "x-slack-signature": DOC.signature },
      "application/x-www-form-urlencoded",
    );
    expect(await codeOf(slack({ secret: DOC.secret, now: docNow }).verify(moved))).toBe("SIGNATURE_INVALID");
  });

  it("names Events API events event.<type> with event_id as the id and retry headers in meta", async () => {
    const req = await signed(mention);
    const retried = new Request(req, {
      headers: {
        ...Object.fromEntries(req.headers),
        "x-slack-retry-num": "2",
        "x-slack-retry-reason": "http_timeout",
      },
    });
    const event = await slack({ secret: "s3cret", now }).verify(retried);
    expect(event.type).toBe("event.app_mention");
    expect(event.id).toBe("Ev0LAN670R");
    expect(event.meta).toMatchObject({ retryNum: 2, retryReason: "http_timeout", teamId: "T061EG9R6" });
    expect((event.payload as { event: { text: string } }).event.text).toContain("«ça coule»");
  });

  it("names interactivity payloads interactive.<type>", async () => {
    const body = `payload=${encodeURIComponent(fixture("block-actions.json").toString("utf8"))}`;
    const event = await slack({ secret: "s3cret", now }).verify(
      await signed(body, "s3cret", NOW, "application/x-www-form-urlencoded"),
    );
    expect(event.type).toBe("interactive.block_actions");
    expect((event.payload as { actions: Array<{ value: string }> }).actions[0]!.value).toBe("click_me_123");
    // interactivity payloads carry the workspace as team.id, not team_id
    expect(event.meta.teamId).toBe("T9TK3CUKW");
  });

  it("answers slash commands and interactions with an empty 200 by default (Slack shows the body to the user)", async () => {
    const hooks = createWebhooks({ receivers: { slack: slack({ secret: DOC.secret, now: docNow }) } });
    const seen: string[] = [];
    hooks.on("slack", "*", (event) => {
      seen.push(event.type);
    });
    const command = await hooks.handle(
      request(
        DOC.body,
        { "x-slack-request-timestamp": String(DOC.timestamp), "x-slack-signature": DOC.signature },
        "application/x-www-form-urlencoded",
      ),
    );
    expect(command.status).toBe(200);
    expect(await command.text()).toBe("");
    const body = `payload=${encodeURIComponent(fixture("block-actions.json").toString("utf8"))}`;
    const interactionHooks = createWebhooks({ receivers: { slack: slack({ secret: "s3cret", now }) } });
    const interaction = await interactionHooks.handle(
      await signed(body, "s3cret", NOW, "application/x-www-form-urlencoded"),
    );
    expect(interaction.status).toBe(200);
    expect(await interaction.text()).toBe("");
    // the Events API keeps the ordinary answer
    const mentioned = await interactionHooks.handle(await signed(mention));
    expect(await mentioned.json()).toEqual({ ok: true });
    expect(seen).toEqual(["command./webhook-collect"]);
  });

  it("answers a slow slash command early with the same empty 200 (respondWithin)", async () => {
    const hooks = createWebhooks({
      receivers: { slack: slack({ secret: DOC.secret, now: docNow }) },
      respondWithin: 0,
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    hooks.on("slack", "command.*", async () => {
      await gate;
      finished = true;
    });
    const response = await hooks.handle(
      request(
        DOC.body,
        { "x-slack-request-timestamp": String(DOC.timestamp), "x-slack-signature": DOC.signature },
        "application/x-www-form-urlencoded",
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(finished).toBe(false);
    release();
    await hooks.drain();
    expect(finished).toBe(true);
  });

  it("lets a slash-command handler's own Response win over the empty default", async () => {
    const hooks = createWebhooks({ receivers: { slack: slack({ secret: DOC.secret, now: docNow }) } });
    hooks.on("slack", "command./webhook-collect", () => Response.json({ text: "Collected" }));
    const response = await hooks.handle(
      request(
        DOC.body,
        { "x-slack-request-timestamp": String(DOC.timestamp), "x-slack-signature": DOC.signature },
        "application/x-www-form-urlencoded",
      ),
    );
    expect(await response.json()).toEqual({ text: "Collected" });
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const req = await signed(mention, "old");
    expect((await slack({ secret: ["new", "old"], now }).verify(req.clone())).type).toBe("event.app_mention");
    const lookup = vi.fn(async () => ["old"]);
    await slack({ secret: lookup, now }).verify(req);
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed headers", async () => {
    const receiver = slack({ secret: "s3cret", now });
    const good = await signed(mention);
    const tampered = Buffer.from(mention);
    tampered[30] = tampered[30]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, Object.fromEntries(good.headers))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(await signed(mention, "wrong")))).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(receiver.verify(request(mention, { "x-slack-request-timestamp": String(NOW) }))),
    ).toBe("SIGNATURE_MISSING");
    const signature = await slackSignature(mention, NOW, "s3cret");
    expect(await codeOf(receiver.verify(request(mention, { "x-slack-signature": signature })))).toBe(
      "HEADER_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(mention, { "x-slack-request-timestamp": "soon", "x-slack-signature": signature }),
        ),
      ),
    ).toBe("HEADER_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(mention, {
            "x-slack-request-timestamp": String(NOW),
            "x-slack-signature": signature.slice(3),
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          request(mention, { "x-slack-request-timestamp": String(NOW), "x-slack-signature": "v0=zz" }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses replayed (old) and future timestamps, within a configurable tolerance", async () => {
    const old = await signed(mention, "s3cret", NOW - 301);
    expect(await codeOf(slack({ secret: "s3cret", now }).verify(old.clone()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(
      await codeOf(slack({ secret: "s3cret", now }).verify(await signed(mention, "s3cret", NOW + 301))),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect((await slack({ secret: "s3cret", now, toleranceSeconds: 600 }).verify(old)).type).toBe(
      "event.app_mention",
    );
  });

  it("refuses a wrong content type and malformed bodies with coded errors", async () => {
    const receiver = slack({ secret: "s3cret", now });
    expect(await codeOf(receiver.verify(await signed(mention, "s3cret", NOW, "text/xml")))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(await codeOf(receiver.verify(await signed("{not json")))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(await signed('{"type":"event_callback"}')))).toBe("PAYLOAD_INVALID");
    expect(
      await codeOf(receiver.verify(await signed("a=1", "s3cret", NOW, "application/x-www-form-urlencoded"))),
    ).toBe("PAYLOAD_INVALID");
    expect(
      await codeOf(
        receiver.verify(await signed("payload=%7Bx", "s3cret", NOW, "application/x-www-form-urlencoded")),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("checks the legacy verification token only when asked to", async () => {
    const body = JSON.parse(mention.toString("utf8"));
    const tokenOnly = slack({ verificationToken: "ZZZZZZWSxiZZZ2yIvs3peJ" });
    expect((await tokenOnly.verify(request(mention, {}))).type).toBe("event.app_mention");
    const wrong = JSON.stringify({ ...body, token: "nope" });
    expect(await codeOf(tokenOnly.verify(request(wrong, {})))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(tokenOnly.verify(request(JSON.stringify({ ...body, token: undefined }), {})))).toBe(
      "SIGNATURE_MISSING",
    );
    const both = slack({ secret: "s3cret", verificationToken: "other", now });
    expect(await codeOf(both.verify(await signed(mention)))).toBe("SIGNATURE_INVALID");
  });

  it("answers url_verification with the challenge only when the signature is valid", async () => {
    const receiver = slack({ secret: "s3cret", now });
    const body = JSON.stringify({
      token: "t",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const answer = await receiver.handshake!(await toWebhook(await signed(body)));
    expect(answer?.status).toBe(200);
    expect(await answer?.text()).toBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(await codeOf(receiver.handshake!(await toWebhook(await signed(body, "wrong"))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await receiver.handshake!(await toWebhook(await signed(mention)))).toBeUndefined();
  });

  it("answers ssl_check and url_verification through the router without running handlers", async () => {
    const hooks = createWebhooks({ receivers: { slack: slack({ secret: "s3cret" }) } });
    const handler = vi.fn();
    hooks.on("slack", "*", handler);
    const ssl = await hooks.handle(
      await slackTestRequest({ secret: "s3cret", payload: "ssl_check=1&token=x" }),
    );
    expect(ssl.status).toBe(200);
    const check = await hooks.handle(
      await slackTestRequest({ secret: "s3cret", payload: { type: "url_verification", challenge: "abc" } }),
    );
    expect(await check.text()).toBe("abc");
    const forged = await hooks.handle(
      await slackTestRequest({ secret: "wrong", payload: { type: "url_verification", challenge: "abc" } }),
    );
    expect(forged.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses to be created without a secret or token", () => {
    expect(() => slack({})).toThrow(/secret option is missing/);
    expect(() => slack({ secret: "" })).toThrow(/secret option is empty/);
  });

  it("works in the router with typed handlers, and slackTestRequest wraps input.event", async () => {
    const hooks = createWebhooks({ receivers: { slack: slack({ secret: "s3cret" }) } });
    const texts: string[] = [];
    hooks.on("slack", "event.app_mention", (event) => {
      texts.push(event.payload.event.text);
    });
    const response = await hooks.handle(
      await slackTestRequest({
        secret: "s3cret",
        event: "app_mention",
        payload: { text: "hello", user: "U1" },
      }),
    );
    expect(response.status).toBe(200);
    expect(texts).toEqual(["hello"]);
  });

  it("slackTestRequest builds slash commands and interactivity forms from input.event", async () => {
    const receiver = slack({ secret: "s3cret" });
    const command = await receiver.verify(
      await slackTestRequest({
        secret: "s3cret",
        event: "command./deploy",
        payload: { text: "prod", user_id: "U1" },
      }),
    );
    expect(command.type).toBe("command./deploy");
    expect(command.payload).toMatchObject({ command: "/deploy", text: "prod", user_id: "U1" });
    const click = await receiver.verify(
      await slackTestRequest({
        secret: "s3cret",
        event: "interactive.block_actions",
        payload: { actions: [{ action_id: "approve" }] },
      }),
    );
    expect(click.type).toBe("interactive.block_actions");
    const mentioned = await receiver.verify(
      await slackTestRequest({ secret: "s3cret", event: "event.app_mention", payload: { text: "hi" } }),
    );
    expect(mentioned.type).toBe("event.app_mention");
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = new TextEncoder().encode(
            JSON.stringify({
              type: "event_callback",
              event_id: "Ev1",
              event: { type: "message", data: Buffer.from(bytes).toString("base64") },
            }),
          );
          const receiver = slack({ secret, now });
          // signed independently, as Slack's documentation (and bolt-js's verifySlackRequest) define it
          const headers = {
            "x-slack-request-timestamp": String(NOW),
            "x-slack-signature": `v0=${createHmac("sha256", secret)
              .update(Buffer.concat([Buffer.from(`v0:${NOW}:`), body]))
              .digest("hex")}`,
          };
          expect(await slackSignature(body, NOW, secret)).toBe(headers["x-slack-signature"]);
          await expect(receiver.verify(request(body, headers))).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, headers)))).toBe("SIGNATURE_INVALID");
        },
      ),
      { numRuns: 100 },
    );
  });
});

async function toWebhook(request: Request) {
  const { toWebhookRequest } = await import("@hookwire/core");
  return toWebhookRequest(request);
}
