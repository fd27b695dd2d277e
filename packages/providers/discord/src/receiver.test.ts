import { readFileSync } from "node:fs";
import { createWebhooks, jsonResponse, type SecretInput, toHex, utf8 } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import { verifyKey } from "discord-interactions";
import { describe, expect, it } from "vitest";
import { discord } from "./receiver.js";
import { discordKey, discordPublicKey, discordScheme } from "./scheme.js";
import { DISCORD_TEST_SEED, descriptor, discordTestKeys, discordTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/application-command.json", import.meta.url));
const PING = {
  type: 1,
  id: "1234567890",
  token: "ping-token",
  application_id: "771825006014889984",
  version: 1,
};

// RFC 8032 §7.1 TEST 2 (Ed25519): Discord signs timestamp + body, so the one-byte message "r" is
// sent as the timestamp "r" with an empty body. Discord publishes no fixed vector of its own.
const RFC8032_TEST2 = {
  seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
  publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
  signature:
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
};

const keys = await discordTestKeys();
const other = await discordTestKeys();

function withHeaders(request: Request, body: BodyInit, change: Record<string, string | null>): Request {
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(change)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Request(request.url, { method: "POST", headers, body });
}

describe("discordScheme", () => {
  it("verifies RFC 8032 TEST 2 mapped onto Discord's timestamp + body, and signs it identically", async () => {
    const request = new Request("https://example.com/webhooks/discord", {
      method: "POST",
      headers: { "x-signature-ed25519": RFC8032_TEST2.signature, "x-signature-timestamp": "r" },
      body: "",
    });
    const parts = { url: request.url, method: "POST", headers: request.headers, body: new Uint8Array() };
    expect(await discordScheme.verify(parts, [RFC8032_TEST2.publicKey])).toBe(0);
    expect(await discordPublicKey(RFC8032_TEST2.seed)).toBe(RFC8032_TEST2.publicKey);
    // constructed negative: the same signature over "s" is refused
    const negative = {
      ...parts,
      headers: new Headers({ ...Object.fromEntries(request.headers), "x-signature-timestamp": "s" }),
    };
    expect(await discordScheme.verify(negative, [RFC8032_TEST2.publicKey])).toBe(-1);
    const { headers } = await discordScheme.sign({
      body: new Uint8Array(),
      secret: RFC8032_TEST2.seed,
      timestamp: 0,
    });
    expect(headers["X-Signature-Timestamp"]).toBe("0");
    expect(await discordPublicKey(DISCORD_TEST_SEED)).toBe(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    );
  });
});

describe("discord() and discord-interactions", () => {
  it("discord-interactions' verifyKey accepts what discordTestRequest signs, and agrees with ours on every tampering", async () => {
    const receiver = discord({ publicKey: keys.publicKey });
    const signed = await discordTestRequest({ secret: keys.privateSeed, payload: fixture });
    const signature = signed.headers.get("x-signature-ed25519")!;
    const timestamp = signed.headers.get("x-signature-timestamp")!;
    const body = new Uint8Array(await signed.clone().arrayBuffer());
    const cases: Array<{ body: Uint8Array; signature: string; timestamp: string; key: string; ok: boolean }> =
      [
        { body, signature, timestamp, key: keys.publicKey, ok: true },
        { body: new Uint8Array([...body, 0x20]), signature, timestamp, key: keys.publicKey, ok: false },
        { body, signature, timestamp: String(Number(timestamp) + 1), key: keys.publicKey, ok: false },
        {
          body,
          signature: `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`,
          timestamp,
          key: keys.publicKey,
          ok: false,
        },
        { body, signature, timestamp, key: other.publicKey, ok: false },
      ];
    for (const c of cases) {
      expect(await verifyKey(c.body, c.signature, c.timestamp, c.key)).toBe(c.ok);
      const request = withHeaders(signed, c.body as BodyInit, {
        "x-signature-ed25519": c.signature,
        "x-signature-timestamp": c.timestamp,
      });
      const code = await codeOf(discord({ publicKey: c.key }).verify(request));
      expect(code).toBe(c.ok ? "OK" : "SIGNATURE_INVALID");
    }
    const event = await receiver.verify(signed);
    expect(event.type).toBe("APPLICATION_COMMAND");
    expect(event.id).toBe("786008729715212338");
  });

  it("verifies a signature made with Web Crypto the way discord-interactions' own tests sign", async () => {
    const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const publicKey = toHex(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify(PING);
    const signature = toHex(
      new Uint8Array(
        await crypto.subtle.sign(
          { name: "Ed25519" },
          pair.privateKey,
          utf8(`${timestamp}${body}`) as BufferSource,
        ),
      ),
    );
    expect(await verifyKey(body, signature, timestamp, publicKey)).toBe(true);
    const request = new Request("https://example.com/webhooks/discord", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-ed25519": signature,
        "x-signature-timestamp": timestamp,
      },
      body,
    });
    expect((await discord({ publicKey }).verify(request)).type).toBe("PING");
  });
});

// The shared suite checks the wiring (tampering, rotation, per-request keys, 401s) with seeds as
// the signing secrets and their public keys given to the receiver.
const SEEDS: [string, string] = [DISCORD_TEST_SEED, RFC8032_TEST2.seed];
const publicOf = new Map<string, string>([
  [DISCORD_TEST_SEED, await discordPublicKey(DISCORD_TEST_SEED)],
  [RFC8032_TEST2.seed, RFC8032_TEST2.publicKey],
]);
const toPublic = (secret: SecretInput): SecretInput => {
  if (typeof secret === "string") return publicOf.get(secret) ?? secret;
  if (typeof secret === "function") {
    return async (request) => {
      const found = await secret(request);
      return found === undefined ? undefined : (toPublic(found) as string | string[]);
    };
  }
  return secret.map((s) => publicOf.get(s) ?? s);
};
runHmacProviderConformance({
  name: "discord",
  create: ({ secret }) => discord({ publicKey: toPublic(secret) }),
  testRequest: discordTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "APPLICATION_COMMAND",
  signatureHeader: "x-signature-ed25519",
  secrets: SEEDS,
});

describe("discord() answers", () => {
  const receiver = discord({ publicKey: keys.publicKey });

  it("answers a signed PING with PONG and runs no handler; a badly signed PING gets 401", async () => {
    const hooks = createWebhooks({ receivers: { discord: receiver } });
    let calls = 0;
    hooks.on("discord", "*", () => {
      calls++;
    });
    const pong = await hooks.handle(await discordTestRequest({ secret: keys.privateSeed, payload: PING }));
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });
    const forged = await hooks.handle(await discordTestRequest({ secret: other.privateSeed, payload: PING }));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
    const unsigned = await discordTestRequest({ secret: keys.privateSeed, payload: PING });
    const stripped = withHeaders(unsigned, JSON.stringify(PING), { "x-signature-ed25519": null });
    expect((await hooks.handle(stripped)).status).toBe(401);
    expect(calls).toBe(0);
  });

  it("answers the webhook-events PING with 204 and gives webhook events their event.type", async () => {
    const hooks = createWebhooks({ receivers: { discord: receiver } });
    const ping = { version: 1, application_id: "1234560123453231555", type: 0 };
    const response = await hooks.handle(
      await discordTestRequest({ secret: keys.privateSeed, payload: ping }),
    );
    expect(response.status).toBe(204);
    const authorized = {
      version: 1,
      application_id: "1234560123453231555",
      type: 1,
      event: {
        type: "APPLICATION_AUTHORIZED",
        timestamp: "2024-10-18T14:42:53.064834",
        data: { integration_type: 1, scopes: ["applications.commands"], user: { id: "1" } },
      },
    };
    const seen: string[] = [];
    hooks.on("discord", "APPLICATION_AUTHORIZED", (event) => {
      seen.push(event.payload.event.data.scopes[0]!);
    });
    const answer = await hooks.handle(
      await discordTestRequest({ secret: keys.privateSeed, payload: authorized }),
    );
    expect(answer.status).toBe(204);
    expect(seen).toEqual(["applications.commands"]);
  });

  it("answers with the deferred response when no handler answers, and with the handler's own answer otherwise", async () => {
    const hooks = createWebhooks({ receivers: { discord: receiver } });
    const deferred = await hooks.handle(
      await discordTestRequest({ secret: keys.privateSeed, payload: fixture }),
    );
    expect(await deferred.json()).toEqual({ type: 5 });
    const component = {
      ...JSON.parse(fixture.toString("utf8")),
      type: 3,
      data: { custom_id: "b", component_type: 2 },
    };
    expect(
      await (
        await hooks.handle(await discordTestRequest({ secret: keys.privateSeed, payload: component }))
      ).json(),
    ).toEqual({ type: 6 });
    const autocomplete = { ...JSON.parse(fixture.toString("utf8")), type: 4 };
    expect(
      await (
        await hooks.handle(await discordTestRequest({ secret: keys.privateSeed, payload: autocomplete }))
      ).json(),
    ).toEqual({ type: 8, data: { choices: [] } });
    hooks.on("discord", "APPLICATION_COMMAND", (event) =>
      jsonResponse({ type: 4, data: { content: `card: ${String(event.payload.data.name)}` } }),
    );
    const answered = await hooks.handle(
      await discordTestRequest({ secret: keys.privateSeed, payload: fixture }),
    );
    expect(await answered.json()).toEqual({ type: 4, data: { content: "card: cardsearch" } });
  });

  it("defers before Discord's 3 s deadline while a slow handler keeps running", {
    timeout: 60_000,
  }, async () => {
    expect(receiver.deadlineMs).toBe(3_000);
    const hooks = createWebhooks({ receivers: { discord: receiver }, respondWithin: "deadline" });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    hooks.on("discord", "APPLICATION_COMMAND", async () => {
      await released;
      finished = true;
    });
    const response = await hooks.handle(
      await discordTestRequest({ secret: keys.privateSeed, payload: fixture }),
    );
    // The answer arrived while the handler was still blocked: it can only be the early deferral.
    expect(finished).toBe(false);
    expect(await response.json()).toEqual({ type: 5 });
    release();
    await hooks.drain();
  });
});

describe("discord() refusals", () => {
  const receiver = discord({ publicKey: keys.publicKey });

  it("refuses missing headers, a malformed signature, a tampered body, a wrong key and a malformed body with coded errors", async () => {
    const signed = await discordTestRequest({ secret: keys.privateSeed, payload: fixture });
    const body = await signed.clone().arrayBuffer();
    expect(await codeOf(receiver.verify(withHeaders(signed, body, { "x-signature-ed25519": null })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(receiver.verify(withHeaders(signed, body, { "x-signature-timestamp": null })))).toBe(
      "HEADER_INVALID",
    );
    expect(await codeOf(receiver.verify(withHeaders(signed, body, { "x-signature-ed25519": "zz" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(withHeaders(signed, `${fixture} `, {})))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(discord({ publicKey: other.publicKey }).verify(signed.clone()))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(await discordTestRequest({ secret: keys.privateSeed, payload: "not json" })),
      ),
    ).toBe("PAYLOAD_INVALID");
    expect(
      await codeOf(
        receiver.verify(await discordTestRequest({ secret: keys.privateSeed, payload: { token: "t" } })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("refuses an expired timestamp only when a tolerance is set, and after the signature", async () => {
    const old = Math.floor(Date.now() / 1000) - 3600;
    const request = () => discordTestRequest({ secret: keys.privateSeed, payload: fixture, timestamp: old });
    expect(await codeOf(receiver.verify(await request()))).toBe("OK");
    const strict = discord({ publicKey: keys.publicKey, toleranceSeconds: 300 });
    expect(await codeOf(strict.verify(await request()))).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(discord({ publicKey: other.publicKey, toleranceSeconds: 300 }).verify(await request())),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(strict.verify(await discordTestRequest({ secret: keys.privateSeed, payload: fixture }))),
    ).toBe("OK");
  });

  it("refuses a public key that is not 64 hex characters when created", () => {
    for (const publicKey of ["abc", `${keys.publicKey}00`, "", [] as string[]]) {
      expect(() => discord({ publicKey })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "discord" });

  it("the descriptor signs a PING, and its receiver reads its type", async () => {
    const receiver = descriptor.receiver(descriptor.exampleSecret!);
    const ping = await descriptor.sign({ secret: descriptor.exampleSecret!, event: "ping", payload: PING });
    expect((await receiver.verify(ping)).type).toBe("PING");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as APPLICATION_COMMAND when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("APPLICATION_COMMAND");
  });
});

describe("discord() — cases found by mutation testing", () => {
  const receiver = discord({ publicKey: keys.publicKey });
  const signed = (payload: unknown, timestamp?: number) =>
    discordTestRequest({
      secret: keys.privateSeed,
      payload,
      ...(timestamp === undefined ? {} : { timestamp }),
    });
  const KEY_MESSAGE = (option: string) =>
    `[@hookwire/discord] The ${option} must be 64 hex characters (the application's Ed25519 key as the Discord developer portal shows it).`;

  it("verify reads a PING and a webhook-events PING itself; respond answers the PING with PONG", async () => {
    const ping = await receiver.verify(await signed(PING));
    expect(ping.type).toBe("PING");
    expect(ping.id).toBe("1234567890");
    expect(ping.meta).toEqual({ webhookEvent: false });
    const pong = receiver.respond?.(ping);
    expect(await pong?.json()).toEqual({ type: 1 });
    const webhookPing = await receiver.verify(await signed({ version: 1, application_id: "1", type: 0 }));
    expect(webhookPing.type).toBe("PING");
    expect(webhookPing.id).toBeUndefined();
    expect(webhookPing.meta).toEqual({ webhookEvent: true });
    expect(receiver.respond?.(webhookPing)?.status).toBe(204);
  });

  it("answers the webhook-events PING without running handlers, and a small non-JSON body with PAYLOAD_INVALID", async () => {
    const hooks = createWebhooks({ receivers: { discord: receiver } });
    let calls = 0;
    hooks.on("discord", "*", () => {
      calls++;
    });
    const response = await hooks.handle(await signed({ version: 1, application_id: "1", type: 0 }));
    expect(response.status).toBe(204);
    expect(calls).toBe(0);
    const broken = await hooks.handle(await signed("not json"));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_INVALID");
    expect(calls).toBe(0);
  });

  it("tells interactions from webhook events by the token, the type and an event object", async () => {
    const hooks = createWebhooks({ receivers: { discord: receiver } });
    // an interaction PING without a token is still an interaction PING: PONG, not 204
    const bare = await hooks.handle(await signed({ type: 1, id: "9" }));
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ type: 1 });
    // with a token, an `event` field does not make a PING a webhook event
    const tokened = await hooks.handle(await signed({ type: 1, token: "t", event: { type: "X" } }));
    expect(await tokened.json()).toEqual({ type: 1 });
    // without a token, type 2 is an interaction, whatever other fields it has
    const command = await receiver.verify(await signed({ type: 2, id: "7", event: { type: "X" } }));
    expect(command.type).toBe("APPLICATION_COMMAND");
    expect(command.id).toBe("7");
    expect(command.meta).toEqual({ webhookEvent: false });
  });

  it("names interaction types, reads the id only as a string, and refuses malformed types by name", async () => {
    const typeOf = async (payload: object) => (await receiver.verify(await signed(payload))).type;
    expect(await typeOf({ type: 5, token: "t", id: "1" })).toBe("MODAL_SUBMIT");
    expect(await typeOf({ type: 9, token: "t", id: "1" })).toBe("INTERACTION_9");
    expect((await receiver.verify(await signed({ type: 2, token: "t", id: 5 }))).id).toBeUndefined();
    const event = await receiver.verify(
      await signed({ version: 1, application_id: "1", type: 1, event: { type: "ENTITLEMENT_CREATE" } }),
    );
    expect(event.type).toBe("ENTITLEMENT_CREATE");
    expect(event.meta).toEqual({ webhookEvent: true });
    for (const type of [1.5, "2", null]) {
      expect(await refusalOf(receiver.verify(await signed({ type, token: "t" }))), String(type)).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/discord] The body has no numeric "type".',
      });
    }
    for (const inner of [{}, { type: "" }, { type: 3 }, null]) {
      expect(
        await refusalOf(receiver.verify(await signed({ version: 1, type: 1, event: inner }))),
        JSON.stringify(inner),
      ).toEqual({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/discord] The webhook event has no "event.type".',
      });
    }
  });

  it("passes the clock to the timestamp window, stamps receivedAt with it, and applies maxBodyBytes", async () => {
    const sent = 1_700_000_000;
    const request = () => signed(JSON.parse(fixture.toString("utf8")), sent);
    const clocked = discord({
      publicKey: keys.publicKey,
      toleranceSeconds: 300,
      now: () => (sent + 60) * 1000,
    });
    const event = await clocked.verify(await request());
    expect(event.receivedAt).toEqual(new Date((sent + 60) * 1000));
    expect(
      await codeOf(
        discord({ publicKey: keys.publicKey, toleranceSeconds: 300, now: () => (sent + 600) * 1000 }).verify(
          await request(),
        ),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    expect(
      await codeOf(discord({ publicKey: keys.publicKey, maxBodyBytes: 64 }).verify(await request())),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      (await discord({ publicKey: keys.publicKey, maxBodyBytes: 4096 }).verify(await request())).type,
    ).toBe("APPLICATION_COMMAND");
  });

  it("checks keys at creation with its own message, leaving empty ones to the option check", async () => {
    const setup = (publicKey: unknown) => {
      try {
        discord({ publicKey: publicKey as string });
      } catch (error) {
        return (error as Error).message;
      }
      return "created";
    };
    expect(setup("abc")).toBe(KEY_MESSAGE("publicKey"));
    expect(setup([keys.publicKey, "abc"])).toBe(KEY_MESSAGE("publicKey"));
    expect(setup("")).toBe(
      "[@hookwire/discord] The publicKey option is missing or empty. Pass { publicKey: process.env.… } — a string, a list for rotation, or a function of the request.",
    );
    expect(setup([keys.publicKey, ""])).toBe(
      "[@hookwire/discord] publicKey[1] is an empty string. Remove it from the list or give it the secret's value.",
    );
    expect(() => discord(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => discordKey(5 as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID", message: KEY_MESSAGE("publicKey") }),
    );
    await expect(discordPublicKey("abc")).rejects.toThrow(KEY_MESSAGE("private seed"));
    await expect(discordScheme.sign({ body: new Uint8Array(), secret: "abc" })).rejects.toThrow(
      KEY_MESSAGE("private seed"),
    );
    // a key pasted with surrounding white space is the same key
    const padded = discord({ publicKey: ` ${keys.publicKey}\n` });
    expect((await padded.verify(await signed(JSON.parse(fixture.toString("utf8"))))).type).toBe(
      "APPLICATION_COMMAND",
    );
  });

  it("names the package, the provider and the publicKey option in its refusals", async () => {
    expect(receiver.provider).toBe("discord");
    const wrong = await signed(JSON.parse(fixture.toString("utf8")));
    expect(await refusalOf(discord({ publicKey: other.publicKey }).verify(wrong))).toEqual({
      code: "SIGNATURE_INVALID",
      message:
        "[@hookwire/discord] The X-Signature-Ed25519 signature does not verify under the application's public key.",
    });
    const unresolved = await refusalOf(discord({ publicKey: () => undefined }).verify(await signed(PING)));
    expect(unresolved).toEqual({
      code: "CONFIGURATION_INVALID",
      message:
        '[@hookwire/discord] No publicKey is configured for this request. Pass { publicKey: "…" } (a string, a list for rotation, or a function of the request).',
    });
  });

  it("discordTestRequest sends Discord's user agent; the descriptor's example is the fixture", async () => {
    expect((await signed(PING)).headers.get("user-agent")).toBe(
      "Discord-Interactions/1.0 (+https://discord.com)",
    );
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture.toString("utf8")) });
    expect(descriptor.secretIs).toBe(
      "an Ed25519 private seed (64 hex characters); the receiver uses its public key",
    );
  });
});
