import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { slack } from "./receiver.js";
import { descriptor, slackSignature, slackTestRequest } from "./testing.js";

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

describe("slack() — cases found by mutation testing", () => {
  const P = "[@hookwire/slack]";
  const receiver = slack({ secret: "s3cret", now });

  async function errorOf(promise: Promise<unknown>): Promise<[string, string]> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof Error && "code" in error) return [String(error.code), error.message];
      throw error;
    }
    return ["OK", ""];
  }
  function setupError(make: () => unknown): [string, string] {
    try {
      make();
    } catch (error) {
      if (error instanceof Error && "code" in error) return [String(error.code), error.message];
      throw error;
    }
    return ["OK", ""];
  }
  const event = async (payload: unknown, headers: Record<string, string> = {}) => {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    const req = await signed(
      body,
      "s3cret",
      NOW,
      payload === body ? "application/x-www-form-urlencoded" : undefined,
    );
    for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
    return receiver.verify(req);
  };

  it("refuses blank, unprefixed and wrong signatures, and bad timestamps, with exact messages", async () => {
    const body = mention.toString("utf8");
    const good = await slackSignature(body, NOW, "s3cret");
    const withSig = (signature: string, timestamp = String(NOW)) =>
      request(body, { "x-slack-request-timestamp": timestamp, "x-slack-signature": signature });
    expect(await errorOf(receiver.verify(withSig(" ")))).toEqual([
      "SIGNATURE_MISSING",
      `${P} The X-Slack-Signature header is missing.`,
    ]);
    // the right hex behind another 3-character prefix: only the prefix check refuses it
    expect(await errorOf(receiver.verify(withSig(`v1=${good.slice(3)}`)))).toEqual([
      "SIGNATURE_INVALID",
      `${P} The X-Slack-Signature header does not start with "v0=".`,
    ]);
    expect(await errorOf(receiver.verify(withSig(await slackSignature(body, NOW, "wrong"))))).toEqual([
      "SIGNATURE_INVALID",
      `${P} The signature does not match the body.`,
    ]);
    const [code, message] = await errorOf(receiver.verify(withSig(good, "soon")));
    expect(code).toBe("HEADER_INVALID");
    expect(message).toContain("X-Slack-Request-Timestamp");
  });

  it("checks the verification token with exact messages", async () => {
    const tokenOnly = slack({ verificationToken: "tok" });
    const form = (body: string) => request(body, {}, "application/x-www-form-urlencoded");
    expect(await errorOf(tokenOnly.verify(form("command=%2Fx&token=")))).toEqual([
      "SIGNATURE_MISSING",
      `${P} The body has no verification token.`,
    ]);
    expect(await errorOf(tokenOnly.verify(form("command=%2Fx&token=nope")))).toEqual([
      "SIGNATURE_INVALID",
      `${P} The verification token does not match.`,
    ]);
    expect((await tokenOnly.verify(form("command=%2Fx&token=tok"))).type).toBe("command./x");
    const [, message] = await errorOf(
      slack({ verificationToken: () => "" }).verify(form("command=%2Fx&token=t")),
    );
    expect(message).toContain("verificationToken");
  });

  it("refuses bad configuration with CONFIGURATION_INVALID", () => {
    expect(setupError(() => slack(undefined as never))).toEqual([
      "CONFIGURATION_INVALID",
      `${P} The secret option is missing. Pass { secret: process.env.SLACK_SIGNING_SECRET } (Basic Information → App Credentials → Signing Secret).`,
    ]);
    const empty = (name: string) => [
      "CONFIGURATION_INVALID",
      `${P} The ${name} option is empty. Pass a non-empty string, a list for rotation, or a function of the request.`,
    ];
    expect(setupError(() => slack({ secret: [] }))).toEqual(empty("secret"));
    expect(setupError(() => slack({ secret: ["a", ""] }))).toEqual(empty("secret"));
    expect(setupError(() => slack({ secret: ["a", 5 as never] }))).toEqual(empty("secret"));
    expect(setupError(() => slack({ verificationToken: "" }))).toEqual(empty("verificationToken"));
    expect(setupError(() => slack({ secret: ["a", "b"], verificationToken: () => "t" }))).toEqual(["OK", ""]);
  });

  it("names events by kind; refuses bodies without a usable type, with exact messages", async () => {
    expect((await event({ type: "app_rate_limited", team_id: "T1" })).type).toBe("app_rate_limited");
    expect((await event({ type: "app_rate_limited" })).id).toBeUndefined();
    const ok = await event({ type: "event_callback", event: { type: "x" }, event_id: 5 });
    expect([ok.type, ok.id, ok.provider]).toEqual(["event.x", undefined, "slack"]);
    expect(ok.receivedAt.getTime()).toBe(NOW * 1000);
    for (const body of [{}, { type: "" }, { type: 5 }]) {
      expect(await errorOf(event(body))).toEqual(["PAYLOAD_INVALID", `${P} The body has no "type" field.`]);
    }
    for (const inner of [undefined, null, "x", { type: 5 }]) {
      expect(await errorOf(event({ type: "event_callback", event: inner }))).toEqual([
        "PAYLOAD_INVALID",
        `${P} The event_callback body has no event.type.`,
      ]);
    }
    expect((await event("ssl_check=1&token=x")).type).toBe("ssl_check");
    expect(await errorOf(event("command=&text=hi"))).toEqual([
      "PAYLOAD_INVALID",
      `${P} The form body is neither a slash command (command=) nor an interactivity payload (payload=).`,
    ]);
    const media = async (type: string | null) => {
      const req = await signed(mention, "s3cret", NOW);
      if (type === null) req.headers.delete("content-type");
      else req.headers.set("content-type", type);
      return errorOf(receiver.verify(await toWebhook(req)));
    };
    const tail = "is not sent by Slack; expected application/json or application/x-www-form-urlencoded.";
    expect(await media("text/xml")).toEqual([
      "UNSUPPORTED_MEDIA_TYPE",
      `${P} Content-Type "text/xml" ${tail}`,
    ]);
    const [code, message] = await media(null);
    expect(code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(message).toMatch(
      /^\[@hookwire\/slack\] Content-Type (\(none\)|"text\/plain;charset=UTF-8") is not sent/,
    );
  });

  it("takes the team id from team_id, else a non-empty team.id", async () => {
    const team = async (fields: Record<string, unknown>) =>
      (await event({ type: "event_callback", event: { type: "x" }, ...fields })).meta.teamId;
    expect(await team({ team_id: "T1", team: { id: "T2" } })).toBe("T1");
    expect(await team({ team_id: "", team: { id: "T2" } })).toBe("T2");
    expect(await team({ team: null })).toBeUndefined();
    expect(await team({ team: { id: 5 } })).toBeUndefined();
    expect(await team({ team: { id: "" } })).toBeUndefined();
    expect(await team({ team_id: "" })).toBeUndefined();
  });

  it("reads X-Slack-Retry-Num only when it is a whole number, and a command only from forms", async () => {
    const retry = async (value?: string) =>
      (await event({ type: "app_rate_limited" }, value === undefined ? {} : { "x-slack-retry-num": value }))
        .meta.retryNum;
    expect(await retry()).toBeUndefined();
    expect(await retry(" 12 ")).toBe(12);
    for (const bad of ["abc", "3x", "x3", ""]) expect([bad, await retry(bad)]).toEqual([bad, undefined]);
    const json = await event({ type: "event_callback", command: "/x", event: { type: "x" } });
    expect(json.meta).not.toHaveProperty("command");
    expect((await event("ssl_check=1")).meta).not.toHaveProperty("command");
    expect((await event("command=%2Fgo")).meta.command).toBe("/go");
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = slack({ secret: "s3cret", now, maxBodyBytes: 8 });
    expect((await errorOf(small.verify(await signed(mention))))[0]).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers handshakes only for POSTed ssl_check=1 and signed url_verification bodies", async () => {
    const hs = async (req: Request) => receiver.handshake!(await toWebhook(req));
    const verification = JSON.stringify({ type: "url_verification", challenge: "ch" });
    const put = await signed(verification);
    const asPut = new Request(put.url, { method: "PUT", headers: put.headers, body: verification });
    expect(await hs(asPut)).toBeUndefined();
    const answer = await hs(await signed(verification));
    expect(answer?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await answer?.text()).toBe("ch");
    const form = (body: string) => signed(body, "s3cret", NOW, "application/x-www-form-urlencoded");
    expect(await hs(await form("ssl_check=0&token=x"))).toBeUndefined();
    expect(await hs(await form("text=url_verification"))).toBeUndefined();
    expect((await hs(await form("ssl_check=1")))?.status).toBe(200);
    expect(await hs(await signed("[1]"))).toBeUndefined();
    // a url_verification body under another content type is not answered (verify refuses it with 415)
    expect(await hs(await signed(verification, "s3cret", NOW, "text/plain"))).toBeUndefined();
    const mentionsIt = JSON.stringify({
      type: "event_callback",
      event: { type: "message", text: "url_verification" },
    });
    expect(await hs(await signed(mentionsIt))).toBeUndefined();
    expect(
      await errorOf(hs(await signed(JSON.stringify({ type: "url_verification", challenge: 5 })))),
    ).toEqual(["PAYLOAD_INVALID", `${P} The url_verification body has no challenge.`]);
  });

  it("slackSignature signs bytes and text alike; slackTestRequest builds Slack's shapes", async () => {
    const text = '{"a":"é"}';
    expect(await slackSignature(new TextEncoder().encode(text), NOW, "k")).toBe(
      await slackSignature(text, NOW, "k"),
    );
    const spaced = await slackTestRequest({ secret: "k", payload: '  {"type":"x"}' });
    expect(spaced.headers.get("content-type")).toBe("application/json");
    expect(spaced.headers.get("user-agent")).toMatch(/^Slackbot 1\.0/);
    const kept = await slackTestRequest({ secret: "k", event: "event.x", payload: '{"type":"y"}' });
    expect(await kept.text()).toBe('{"type":"y"}');
    const typed = await slackTestRequest({
      secret: "k",
      event: "event.x",
      payload: { type: "url_verification" },
    });
    expect(JSON.parse(await typed.text())).toEqual({ type: "url_verification" });
    const command = await slackTestRequest({ secret: "k", event: "command./go", payload: {} });
    expect(new URLSearchParams(await command.text()).get("text")).toBe("");
    const wrapped = JSON.parse(
      await (
        await slackTestRequest({ secret: "k", event: "event.app_mention", payload: { text: "hi" } })
      ).text(),
    );
    expect(wrapped).toMatchObject({ team_id: "T0000000000", api_app_id: "A0000000000" });
    expect(wrapped.event_id).toMatch(/^Ev[0-9A-F]{10}$/);
    const given = JSON.parse(
      await (await slackTestRequest({ secret: "k", event: "event.x", payload: {}, id: "Ev1" })).text(),
    );
    expect(given.event_id).toBe("Ev1");
  });
});

runHmacProviderConformance({
  name: "slack",
  create: slack,
  testRequest: slackTestRequest,
  payload: { type: "event_callback", event_id: "Ev1", event: { type: "app_mention", text: "hi" } },
  type: "event.app_mention",
  signatureHeader: "x-slack-signature",
  toleranceSeconds: 300,
});

describe("descriptor (@hookwire/slack/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "slack",
    example: {
      payload: { type: "event_callback", event_id: "Ev1", event: { type: "app_mention", text: "hi" } },
      type: "event.app_mention",
    },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toBeUndefined();
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as event.app_mention when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("event.app_mention");
  });
});

describe("slack — cases found by the third mutation run", () => {
  const formRequest = (body: string) => request(body, {}, "application/x-www-form-urlencoded");

  it("a signing secret given as a function is still checked against the signature", async () => {
    const receiver = slack({ secret: () => "s3cret", now });
    expect((await receiver.verify(await signed(mention))).type).toBe("event.app_mention");
    expect(await codeOf(receiver.verify(await signed(mention, "other")))).toBe("SIGNATURE_INVALID");
  });

  it("a verification token given as a function is still compared, and the event is read after it", async () => {
    const receiver = slack({ verificationToken: async () => "tok" });
    expect((await receiver.verify(formRequest("command=%2Fdeploy&token=tok"))).type).toBe("command./deploy");
    expect(await codeOf(receiver.verify(formRequest("command=%2Fdeploy&token=nope")))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("toleranceSeconds applies without a custom clock (the real time)", async () => {
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    const body = mention.toString("utf8");
    const header = `v0=${createHmac("sha256", "s3cret").update(`v0:${twoMinutesAgo}:${body}`).digest("hex")}`;
    const delivery = () =>
      request(body, { "x-slack-request-timestamp": String(twoMinutesAgo), "x-slack-signature": header });
    expect(await codeOf(slack({ secret: "s3cret", toleranceSeconds: 60 }).verify(delivery()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect((await slack({ secret: "s3cret" }).verify(delivery())).type).toBe("event.app_mention");
  });

  it("slackTestRequest sends a null payload as given", async () => {
    expect(await (await slackTestRequest({ secret: "s3cret", event: "x", payload: null })).text()).toBe(
      "null",
    );
  });

  it("descriptor.example is Slack's documented app_mention event (the fixture)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(mention.toString("utf8")));
  });
});
