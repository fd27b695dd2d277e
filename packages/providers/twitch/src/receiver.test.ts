import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
  withoutSyncHmac,
} from "@hookwire/test-utils";
import { ApiClient } from "@twurple/api";
import { StaticAuthProvider } from "@twurple/auth";
import { EventSubMiddleware } from "@twurple/eventsub-http";
import { describe, expect, it } from "vitest";
import { twitch } from "./receiver.js";
import { twitchSchemeWith, twitchTimestampSeconds } from "./scheme.js";
import { descriptor, twitchTestRequest } from "./testing.js";

const read = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const follow = read("channel-follow.json");
const challenge = read("callback-verification.json");
const revocation = read("revocation.json");
const SECRET = "twitch-eventsub-secret-0123";
const URL_ = "https://example.com/webhooks/twitch";

/**
 * The computation of Twitch's own Node example (dev.twitch.tv/docs/eventsub/handling-webhook-events,
 * "Verifying the event message"): HMAC-SHA256 over message id + timestamp + raw body, `sha256=` + hex.
 */
function docSignature(id: string, timestamp: string, body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret)
    .update(id + timestamp + body)
    .digest("hex")}`;
}

function request(body: string, headers: Record<string, string>): Request {
  return new Request(URL_, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

function docHeaders(body: string, secret: string, timestamp: string, type = "notification") {
  const id = "befa7b53-d79d-478f-86b9-120f112b044e";
  return {
    "twitch-eventsub-message-id": id,
    "twitch-eventsub-message-timestamp": timestamp,
    "twitch-eventsub-message-type": type,
    "twitch-eventsub-message-signature": docSignature(id, timestamp, body, secret),
  };
}

runHmacProviderConformance({
  name: "twitch",
  create: twitch,
  testRequest: twitchTestRequest,
  payload: JSON.parse(follow),
  type: "channel.follow",
  signatureHeader: "twitch-eventsub-message-signature",
  toleranceSeconds: 600,
});

describe("twitch()", () => {
  it("verifies a message signed as in Twitch's documentation, with nanosecond RFC 3339 timestamps", async () => {
    const timestamp = "2023-07-19T10:11:12.634234626Z";
    const receiver = twitch({ secret: SECRET, now: () => Date.parse(timestamp) + 9 * 60_000 });
    const event = await receiver.verify(request(follow, docHeaders(follow, SECRET, timestamp)));
    expect(event.type).toBe("channel.follow");
    expect(event.id).toBe("befa7b53-d79d-478f-86b9-120f112b044e");
    expect(event.meta.messageType).toBe("notification");
    expect((event.payload as { event: { user_name: string } }).event.user_name).toBe("Cool_User");
    // 10 minutes is Twitch's limit: one more minute and the message is refused
    const late = twitch({ secret: SECRET, now: () => Date.parse(timestamp) + 11 * 60_000 });
    expect(await codeOf(late.verify(request(follow, docHeaders(follow, SECRET, timestamp))))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("signs messages that @twurple/eventsub-http verifies, and refuses what it refuses", async () => {
    const middleware = new EventSubMiddleware({
      apiClient: new ApiClient({ authProvider: new StaticAuthProvider("client-id", "token") }),
      hostName: "example.com",
      secret: SECRET,
    });
    // _verifyData is the check twurple's request handler runs on every message (EventSubHttpBase.js)
    const verify = (
      middleware as unknown as {
        _verifyData(id: string, timestamp: string, body: string, signature: string): boolean;
      }
    )._verifyData.bind(middleware);
    for (const body of [follow, revocation, '{"unicode":"♥ \\u001b"}']) {
      const signed = await twitchTestRequest({ secret: SECRET, payload: body });
      const h = signed.headers;
      const args = [
        h.get("twitch-eventsub-message-id")!,
        h.get("twitch-eventsub-message-timestamp")!,
        body,
      ] as const;
      expect(verify(...args, h.get("twitch-eventsub-message-signature")!)).toBe(true);
      const other = await twitchTestRequest({ secret: "some-other-secret-000", payload: body });
      expect(verify(...args, other.headers.get("twitch-eventsub-message-signature")!)).toBe(false);
    }
  });

  it("answers webhook_callback_verification with the raw challenge as text/plain after checking the signature", async () => {
    const hooks = createWebhooks({ receivers: { twitch: twitch({ secret: SECRET }) } });
    let calls = 0;
    hooks.on("twitch", "*", () => {
      calls++;
    });
    const response = await hooks.handle(
      await twitchTestRequest({
        secret: SECRET,
        payload: challenge,
        event: "webhook_callback_verification",
        url: URL_,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
    expect(calls).toBe(0);
    const forged = await hooks.handle(
      await twitchTestRequest({
        secret: "not-the-secret-0000",
        payload: challenge,
        event: "webhook_callback_verification",
        url: URL_,
      }),
    );
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain("pogchamp");
    const empty = await hooks.handle(
      await twitchTestRequest({
        secret: SECRET,
        payload: { subscription: { type: "channel.follow" } },
        event: "webhook_callback_verification",
        url: URL_,
      }),
    );
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_INVALID");
    // verify() called directly: the challenge is the event, respond() gives the answer
    const receiver = twitch({ secret: SECRET });
    const event = await receiver.verify(
      await twitchTestRequest({ secret: SECRET, payload: challenge, event: "webhook_callback_verification" }),
    );
    expect(event.type).toBe("webhook_callback_verification");
    expect(await receiver.respond?.(event)?.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
  });

  it("names revocations `revocation` with the reason in the payload", async () => {
    const event = await twitch({ secret: SECRET }).verify(
      await twitchTestRequest({ secret: SECRET, payload: revocation, event: "revocation" }),
    );
    expect(event.type).toBe("revocation");
    expect((event.payload as { subscription: { status: string } }).subscription.status).toBe(
      "authorization_revoked",
    );
  });

  it("runs a resent message (same Twitch-Eventsub-Message-Id) once with an idempotency store", async () => {
    const hooks = createWebhooks({
      receivers: { twitch: twitch({ secret: SECRET }) },
      idempotency: { store: memoryIdempotencyStore() },
    });
    let calls = 0;
    hooks.on("twitch", "channel.follow", () => {
      calls++;
    });
    const id = "0f5b2f1e-2a8b-4b3f-9c1e-6b0e1f2a3b4c";
    expect(
      (await hooks.handle(await twitchTestRequest({ secret: SECRET, payload: follow, id, url: URL_ })))
        .status,
    ).toBeLessThan(300);
    const retry = await twitchTestRequest({
      secret: SECRET,
      payload: follow,
      id,
      url: URL_,
      headers: { "twitch-eventsub-message-retry": "1" },
    });
    expect((await hooks.handle(retry)).status).toBeLessThan(300);
    expect(calls).toBe(1);
    await hooks.handle(await twitchTestRequest({ secret: SECRET, payload: follow, url: URL_ }));
    expect(calls).toBe(2);
  });

  it("refuses tampered, expired, missing-header, wrong-secret and malformed messages with coded errors", async () => {
    const now = 1_700_000_000;
    const receiver = twitch({ secret: SECRET, now: () => now * 1000 });
    const good = await twitchTestRequest({ secret: SECRET, payload: follow, timestamp: now });
    const headers = Object.fromEntries(good.headers);
    expect((await receiver.verify(request(follow, headers))).type).toBe("channel.follow");
    expect(await codeOf(receiver.verify(request(`${follow} `, headers)))).toBe("SIGNATURE_INVALID");
    const shifted = new Date((now + 1) * 1000).toISOString();
    expect(
      await codeOf(
        receiver.verify(request(follow, { ...headers, "twitch-eventsub-message-timestamp": shifted })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(request(follow, { ...headers, "twitch-eventsub-message-id": "another-id" })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await twitchTestRequest({ secret: SECRET, payload: follow, timestamp: now - 601 })),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(
        receiver.verify(await twitchTestRequest({ secret: SECRET, payload: follow, timestamp: now + 601 })),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    for (const drop of [
      "twitch-eventsub-message-timestamp",
      "twitch-eventsub-message-id",
      "twitch-eventsub-message-type",
    ]) {
      const { [drop]: _, ...rest } = headers;
      expect(await codeOf(receiver.verify(request(follow, rest))), drop).toBe("HEADER_INVALID");
    }
    expect(
      await codeOf(
        receiver.verify(request(follow, { ...headers, "twitch-eventsub-message-timestamp": "1700000000" })),
      ),
    ).toBe("HEADER_INVALID");
    const { "twitch-eventsub-message-signature": _s, ...unsigned } = headers;
    expect(await codeOf(receiver.verify(request(follow, unsigned)))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        receiver.verify(
          request(follow, {
            ...headers,
            "twitch-eventsub-message-signature": headers["twitch-eventsub-message-signature"]!.slice(7),
          }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(
          await twitchTestRequest({ secret: "wrong-secret-00000", payload: follow, timestamp: now }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    for (const broken of ["{not json", "[]", '{"event":{}}']) {
      expect(
        await codeOf(
          receiver.verify(await twitchTestRequest({ secret: SECRET, payload: broken, timestamp: now })),
        ),
      ).toBe("PAYLOAD_INVALID");
    }
  });

  it("refuses a secret Twitch would not accept when created", () => {
    for (const secret of ["short", "x".repeat(101), ["ok-secret-0123", "tiny"]]) {
      expect(() => twitch({ secret })).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
    }
  });

  runDescriptorConformance(descriptor, { name: "twitch" });

  it("the descriptor signs the documented notification, and its receiver reads its type", async () => {
    const secret = descriptor.exampleSecret ?? "a".repeat(40);
    const receiver = descriptor.receiver(secret);
    const event = await receiver.verify(
      await descriptor.sign({ secret, payload: JSON.parse(follow), event: "ping" }),
    );
    expect(event.type).toBe("channel.follow");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as channel.follow when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("channel.follow");
  });
});

describe("twitchTimestampSeconds", () => {
  it("reads RFC 3339 timestamps with up to 9 fraction digits, Z or an offset, in any case", () => {
    const base = Date.UTC(2023, 6, 19, 10, 11, 12) / 1000;
    expect(twitchTimestampSeconds("2023-07-19T10:11:12Z")).toBe(base);
    expect(twitchTimestampSeconds("2023-07-19T10:11:12.5Z")).toBe(base + 0.5);
    expect(twitchTimestampSeconds("2023-07-19T10:11:12.634234626Z")).toBe(
      Date.parse("2023-07-19T10:11:12.634Z") / 1000,
    );
    expect(twitchTimestampSeconds("2023-07-19T12:11:12+02:00")).toBe(base);
    expect(twitchTimestampSeconds("2023-07-19T08:11:12-02:00")).toBe(base);
    expect(twitchTimestampSeconds("2023-07-19t10:11:12z")).toBe(base);
  });

  it("gives NaN for anything else", () => {
    for (const text of [
      "",
      "1700000000",
      "2023-07-19T10:11:12",
      "2023-07-19 10:11:12Z",
      "2023-7-19T10:11:12Z",
      "2023-07-19T10:11:12.Z",
      "2023-07-19T10:11:12.1234567890Z",
      "x2023-07-19T10:11:12Z",
      "2023-07-19T10:11:12Zx",
      "2023-07-19T10:11:12+0200",
    ]) {
      expect(twitchTimestampSeconds(text), text).toBeNaN();
    }
  });
});

describe("twitch() timestamps, secrets and fields", () => {
  const NOW = 1_700_000_000;
  const signed = (extra: Partial<Parameters<typeof twitchTestRequest>[0]> = {}) =>
    twitchTestRequest({ secret: SECRET, payload: follow, timestamp: NOW, ...extra });

  it("refuses an unsigned message as SIGNATURE_MISSING whatever its timestamp, a signed one without a valid timestamp by name", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    const headers = Object.fromEntries((await signed()).headers);
    const { "twitch-eventsub-message-signature": _s, ...unsigned } = headers;
    for (const timestamp of ["", "yesterday"]) {
      expect(
        await codeOf(
          receiver.verify(request(follow, { ...unsigned, "twitch-eventsub-message-timestamp": timestamp })),
        ),
      ).toBe("SIGNATURE_MISSING");
      expect(
        await codeOf(
          receiver.verify(
            request(follow, {
              ...unsigned,
              "twitch-eventsub-message-signature": "  ",
              "twitch-eventsub-message-timestamp": timestamp,
            }),
          ),
        ),
      ).toBe("SIGNATURE_MISSING");
    }
    expect(
      await refusalOf(
        receiver.verify(request(follow, { ...headers, "twitch-eventsub-message-timestamp": "yesterday" })),
      ),
    ).toEqual({
      code: "HEADER_INVALID",
      message:
        "[@hookwire/twitch] The Twitch-Eventsub-Message-Timestamp header is missing or not an RFC 3339 timestamp.",
    });
  });

  it("accepts a timestamp with surrounding spaces, as signed", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    const headers = Object.fromEntries((await signed()).headers);
    const spaced = {
      ...headers,
      "twitch-eventsub-message-timestamp": ` ${headers["twitch-eventsub-message-timestamp"]} `,
    };
    expect((await receiver.verify(request(follow, spaced))).type).toBe("channel.follow");
  });

  it("reports a wrong secret as SIGNATURE_INVALID even when the timestamp is also stale", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    expect(
      await codeOf(receiver.verify(await signed({ secret: "wrong-secret-00000", timestamp: NOW - 3600 }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("applies toleranceSeconds", async () => {
    const receiver = twitch({ secret: SECRET, toleranceSeconds: 60, now: () => NOW * 1000 });
    expect((await receiver.verify(await signed({ timestamp: NOW - 59 }))).type).toBe("channel.follow");
    expect(await codeOf(receiver.verify(await signed({ timestamp: NOW - 61 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await codeOf(receiver.verify(await signed({ timestamp: NOW + 61 })))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const scheme = twitchSchemeWith({ toleranceSeconds: 60, now: () => NOW * 1000 });
    const ok = await signed({ timestamp: NOW - 59 });
    expect(
      await scheme.verify(
        { method: "POST", url: URL_, headers: ok.headers, body: new TextEncoder().encode(follow) } as never,
        [SECRET],
      ),
    ).toBe(0);
  });

  it("checks the time after a match through Web Crypto's promise (no synchronous HMAC)", async () => {
    await withoutSyncHmac(async () => {
      const scheme = twitchSchemeWith({ toleranceSeconds: 60, now: () => NOW * 1000 });
      const parts = async (req: Request) => ({
        method: "POST",
        url: URL_,
        headers: req.headers,
        body: new Uint8Array(await req.arrayBuffer()),
      });
      const ok = scheme.verify(await parts(await signed({ timestamp: NOW - 59 })), [
        "other-secret-0",
        SECRET,
      ]);
      expect(ok).toBeInstanceOf(Promise);
      expect(await ok).toBe(1);
      expect(
        await codeOf(
          Promise.resolve().then(async () =>
            scheme.verify(await parts(await signed({ timestamp: NOW - 61 })), [SECRET]),
          ),
        ),
      ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    });
  });

  it("signs the timestamp as RFC 3339 (ISO) and a fresh UUID message id by default", async () => {
    const fixed = await signed({ id: "msg-1" });
    expect(fixed.headers.get("twitch-eventsub-message-timestamp")).toBe("2023-11-14T22:13:20.000Z");
    expect(fixed.headers.get("twitch-eventsub-message-id")).toBe("msg-1");
    expect(fixed.headers.get("twitch-eventsub-message-signature")).toBe(
      docSignature("msg-1", "2023-11-14T22:13:20.000Z", follow, SECRET),
    );
    const before = Math.floor(Date.now() / 1000);
    const a = await twitchTestRequest({ secret: SECRET, payload: follow });
    const b = await twitchTestRequest({ secret: SECRET, payload: follow });
    const after = Math.floor(Date.now() / 1000);
    const seconds = Date.parse(a.headers.get("twitch-eventsub-message-timestamp")!) / 1000;
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(a.headers.get("twitch-eventsub-message-id")).toMatch(uuid);
    expect(b.headers.get("twitch-eventsub-message-id")).not.toBe(a.headers.get("twitch-eventsub-message-id"));
  });

  it("accepts secrets of 10 and 100 printable ASCII characters and a function; refuses others by length", async () => {
    expect(twitch({ secret: "x".repeat(10) }).provider).toBe("twitch");
    expect(twitch({ secret: "x".repeat(100) }).provider).toBe("twitch");
    expect(twitch({ secret: ["x".repeat(10), "y".repeat(100)] }).provider).toBe("twitch");
    expect(twitch({ secret: () => "short" }).provider).toBe("twitch");
    for (const secret of ["x".repeat(9), "é".repeat(12), `${"x".repeat(10)}\n`]) {
      expect(() => twitch({ secret })).toThrow(
        `[@hookwire/twitch] Twitch subscription secrets are 10 to 100 ASCII characters, got ${secret.length}.`,
      );
    }
    expect(() => twitch(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("reads the message type, subscription, version and retry into meta, and the message id", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    const event = await receiver.verify(
      await signed({
        id: "m-9",
        headers: { "twitch-eventsub-message-retry": "3", "twitch-eventsub-subscription-version": "2" },
      }),
    );
    expect(event.id).toBe("m-9");
    expect(event.meta).toEqual({
      messageType: "notification",
      subscriptionType: "channel.follow",
      subscriptionVersion: "2",
      retry: 3,
    });
    for (const retry of ["x", "1.5", ""]) {
      const other = await receiver.verify(
        await signed({ headers: { "twitch-eventsub-message-retry": retry } }),
      );
      expect(other.meta.retry, retry).toBeUndefined();
    }
    const trimmed = await receiver.verify(
      await signed({ headers: { "twitch-eventsub-message-retry": " 4 " } }),
    );
    expect(trimmed.meta.retry).toBe(4);
    expect(receiver.respond?.(event)).toBeUndefined();
  });

  it("refuses a missing message type and a body without subscription.type by name", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    expect(
      await refusalOf(receiver.verify(await signed({ headers: { "twitch-eventsub-message-type": " " } }))),
    ).toEqual({
      code: "HEADER_INVALID",
      message: "[@hookwire/twitch] The Twitch-Eventsub-Message-Type header is missing.",
    });
    for (const subscription of [undefined, null, "channel.follow", {}, { type: 7 }, { type: "" }]) {
      const payload = JSON.stringify({ subscription, event: {} });
      expect(await refusalOf(receiver.verify(await signed({ payload })))).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/twitch] The body has no subscription.type.",
      });
    }
    const noChallenge = await signed({
      payload: { subscription: { type: "channel.follow" }, challenge: "" },
      event: "webhook_callback_verification",
    });
    expect(await refusalOf(receiver.verify(noChallenge))).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/twitch] The webhook_callback_verification body has no challenge.",
    });
  });

  it("answers a challenge under the message type with spaces, and names a forged one", async () => {
    const hooks = createWebhooks({ receivers: { twitch: twitch({ secret: SECRET }) } });
    const ok = await twitchTestRequest({
      secret: SECRET,
      payload: challenge,
      event: "webhook_callback_verification",
      headers: { "twitch-eventsub-message-type": " webhook_callback_verification " },
    });
    const response = await hooks.handle(ok);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
    const forged = await hooks.handle(
      await twitchTestRequest({
        secret: "not-the-secret-0000",
        payload: challenge,
        event: "webhook_callback_verification",
      }),
    );
    expect(((await forged.json()) as { error: unknown }).error).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/twitch] The signature does not match the body.",
    });
  });

  it("twitchTestRequest sends Twitch's headers: notification for ping, the subscription's type and version", async () => {
    const ping = await twitchTestRequest({ secret: SECRET, payload: follow, event: "ping" });
    expect(ping.headers.get("twitch-eventsub-message-type")).toBe("notification");
    expect(ping.headers.get("user-agent")).toBe("Twitch-Eventsub-Webhooks/1.0");
    expect(ping.headers.get("twitch-eventsub-message-retry")).toBe("0");
    const parsed = await twitchTestRequest({ secret: SECRET, payload: JSON.parse(follow) });
    expect(parsed.headers.get("twitch-eventsub-subscription-type")).toBe("channel.follow");
    expect(parsed.headers.get("twitch-eventsub-subscription-version")).toBe("2");
    const bare = await twitchTestRequest({
      secret: SECRET,
      payload: { subscription: { type: 1, version: 2 } },
    });
    expect(bare.headers.get("twitch-eventsub-subscription-type")).toBe("");
    expect(bare.headers.get("twitch-eventsub-subscription-version")).toBe("1");
    const text = await twitchTestRequest({ secret: SECRET, payload: "null" });
    expect(text.headers.get("twitch-eventsub-subscription-version")).toBe("1");
    expect(text.url).toBe(URL_);
    expect(
      (await twitchTestRequest({ secret: SECRET, payload: revocation, event: "revocation" })).headers.get(
        "twitch-eventsub-message-type",
      ),
    ).toBe("revocation");
  });
});

describe("twitch() after its first mutation run", () => {
  const NOW = 1_700_000_000;

  it("refuses an extended-year timestamp that Date.parse would read (RFC 3339 has four-digit years)", () => {
    expect(Date.parse("+002023-07-19T10:11:12Z")).not.toBeNaN();
    expect(twitchTimestampSeconds("+002023-07-19T10:11:12Z")).toBeNaN();
  });

  it("reads a retry count of several digits", async () => {
    const receiver = twitch({ secret: SECRET, now: () => NOW * 1000 });
    const event = await receiver.verify(
      await twitchTestRequest({
        secret: SECRET,
        payload: follow,
        timestamp: NOW,
        headers: { "twitch-eventsub-message-retry": "12" },
      }),
    );
    expect(event.meta.retry).toBe(12);
  });

  it("leaves an empty or non-string secret to the common secret check, not the length rule", () => {
    for (const secret of ["", ["ok-secret-0123", 7 as unknown as string]]) {
      let message = "";
      try {
        twitch({ secret });
      } catch (error) {
        message = (error as Error).message;
        expect((error as { code?: string }).code).toBe("CONFIGURATION_INVALID");
      }
      expect(message).not.toBe("");
      expect(message).not.toContain("10 to 100 ASCII characters");
    }
  });

  it("applies maxBodyBytes and stamps receivedAt with the injected clock", async () => {
    const signed = () => twitchTestRequest({ secret: SECRET, payload: follow, timestamp: NOW });
    expect(
      await codeOf(
        twitch({ secret: SECRET, now: () => NOW * 1000, maxBodyBytes: 16 }).verify(await signed()),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    const event = await twitch({ secret: SECRET, now: () => NOW * 1000, maxBodyBytes: 1 << 16 }).verify(
      await signed(),
    );
    expect(event.receivedAt).toEqual(new Date(NOW * 1000));
  });

  it("twitchTestRequest accepts a null payload (no subscription to read)", async () => {
    const signed = await twitchTestRequest({ secret: SECRET, payload: null });
    expect(signed.headers.get("twitch-eventsub-subscription-type")).toBe("");
    expect(signed.headers.get("twitch-eventsub-subscription-version")).toBe("1");
  });
});

describe("twitch() media types", () => {
  it("accepts a signed message without a content type", async () => {
    const signed = await twitchTestRequest({ secret: SECRET, payload: follow });
    const headers = Object.fromEntries(signed.headers);
    delete headers["content-type"];
    const bare = new Request(URL_, { method: "POST", headers, body: new TextEncoder().encode(follow) });
    expect(bare.headers.get("content-type")).toBeNull();
    expect((await twitch({ secret: SECRET }).verify(bare)).type).toBe("channel.follow");
  });
});

describe("twitch() after its second mutation run", () => {
  it("answers a message without Twitch-Eventsub-Message-Type through the router with HEADER_INVALID", async () => {
    const hooks = createWebhooks({ receivers: { twitch: twitch({ secret: SECRET }) } });
    const signed = await twitchTestRequest({ secret: SECRET, payload: follow });
    const headers = Object.fromEntries(signed.headers);
    delete headers["twitch-eventsub-message-type"];
    const response = await hooks.handle(new Request(URL_, { method: "POST", headers, body: follow }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("HEADER_INVALID");
  });

  it("descriptor: the example is the fixture (Twitch's documented channel.follow notification)", () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(follow), event: "notification" });
  });
});

describe("twitch: timestamp tolerance", () => {
  it("refuses a negative or NaN toleranceSeconds when the receiver is created, not at the first request", () => {
    expect(() => twitch({ secret: SECRET, toleranceSeconds: -1 })).toThrow(
      /^\[@hookwire\/twitch\] toleranceSeconds must be a number of seconds, 0 or more/,
    );
  });
});
