import { readFileSync } from "node:fs";
import { createWebhooks, jsonResponse } from "@hookwire/core";
import { codeOf, refusalOf, runDescriptorConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { telegram } from "./receiver.js";
import { descriptor, telegramTestRequest } from "./testing.js";

const MESSAGE = readFileSync(new URL("../test/fixtures/message.json", import.meta.url), "utf8");
const TOKEN = "my_secret-token_0123456789";

function withHeader(value: string | null, body = MESSAGE): Request {
  return new Request("https://example.com/webhooks/telegram", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(value === null ? {} : { "x-telegram-bot-api-secret-token": value }),
    },
    body,
  });
}

describe("telegram()", () => {
  const receiver = telegram({ secretToken: TOKEN });

  it("accepts Telegram's sample update with the secret token, named by its kind, with update_id as the id", async () => {
    const event = await receiver.verify(withHeader(TOKEN));
    expect(event.type).toBe("message");
    expect(event.id).toBe("10000");
    expect((event.payload as { message: { text: string } }).message.text).toBe("/start");
  });

  it("refuses a wrong, missing or empty secret token with coded errors", async () => {
    expect(await codeOf(receiver.verify(withHeader(`${TOKEN}x`)))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(withHeader(TOKEN.slice(1))))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(withHeader(null)))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(withHeader("")))).toBe("SIGNATURE_MISSING");
  });

  it("refuses bodies that are not Updates", async () => {
    for (const payload of ["{", "[]", { message: {} }, { update_id: "1", message: {} }, { update_id: 5 }]) {
      expect(await codeOf(receiver.verify(await telegramTestRequest({ secret: TOKEN, payload })))).toBe(
        "PAYLOAD_INVALID",
      );
    }
  });

  it("accepts each token of a rotation list and refuses tokens setWebhook would not take", async () => {
    const rotating = telegram({ secretToken: ["next_token", TOKEN] });
    expect(await codeOf(rotating.verify(withHeader(TOKEN)))).toBe("OK");
    expect(await codeOf(rotating.verify(withHeader("next_token")))).toBe("OK");
    for (const secretToken of ["", "has space", "é", "x".repeat(257), ["ok", "no/slash"]]) {
      expect(() => telegram({ secretToken })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("names callback queries and lets a handler answer with a Bot API method", async () => {
    const hooks = createWebhooks({ receivers: { telegram: receiver } });
    hooks.on("telegram", "callback_query", (event) =>
      jsonResponse({ method: "answerCallbackQuery", callback_query_id: event.payload.callback_query.id }),
    );
    const update = {
      update_id: 10001,
      callback_query: {
        id: "4382bfdwdsb323b2d9",
        from: { id: 1111111, is_bot: false, first_name: "T" },
        chat_instance: "1",
        data: "Data from button callback",
      },
    };
    const response = await hooks.handle(await telegramTestRequest({ secret: TOKEN, payload: update }));
    expect(await response.json()).toEqual({
      method: "answerCallbackQuery",
      callback_query_id: "4382bfdwdsb323b2d9",
    });
    const refused = await hooks.handle(await telegramTestRequest({ secret: "wrong", payload: update }));
    expect(refused.status).toBe(401);
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "telegram" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as message when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("message");
  });
});

describe("telegram() ids, kinds and tokens", () => {
  const receiver = telegram({ secretToken: TOKEN });
  const verified = async (payload: unknown) =>
    receiver.verify(await telegramTestRequest({ secret: TOKEN, payload }));

  it("takes update_id as the id for any safe integer, and refuses others by name", async () => {
    expect((await verified({ update_id: 0, message: {} })).id).toBe("0");
    expect((await verified({ update_id: 2 ** 53 - 1, message: {} })).id).toBe("9007199254740991");
    for (const update_id of [1.5, 2 ** 53, "7", null]) {
      expect(await refusalOf(verified({ update_id, message: {} }))).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/telegram] The body is not an Update (no numeric update_id).",
      });
    }
  });

  it("names the update by its first field with content, after update_id or before it", async () => {
    expect((await verified({ update_id: 1, message: null, edited_message: { text: "x" } })).type).toBe(
      "edited_message",
    );
    expect((await verified({ message: { text: "x" }, update_id: 2 })).type).toBe("message");
    expect((await verified({ update_id: 3, poll: false })).type).toBe("poll");
    expect(await refusalOf(verified({ update_id: 4, message: null }))).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/telegram] The Update carries no content.",
    });
  });

  it("names the mismatch, and accepts tokens of 1 and 256 characters of the allowed alphabet", async () => {
    expect(await refusalOf(receiver.verify(withHeader(`${TOKEN}x`)))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/telegram] The X-Telegram-Bot-Api-Secret-Token does not match the secret token.",
    });
    for (const token of ["a", "x".repeat(256), "AZaz09_-"]) {
      expect(await codeOf(telegram({ secretToken: token }).verify(withHeader(token)))).toBe("OK");
    }
    for (const secretToken of ["tok\n", "tok.en", ["ok", "a+b"]]) {
      expect(() => telegram({ secretToken })).toThrow(
        '[@hookwire/telegram] The secretToken must be 1–256 characters of A-Z, a-z, 0-9, "_" and "-" (what setWebhook accepts).',
      );
    }
    expect(() => telegram(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(telegram({ secretToken: () => "any thing" }).provider).toBe("telegram");
  });

  it("applies maxBodyBytes to a Request given to verify", async () => {
    expect(await codeOf(telegram({ secretToken: TOKEN, maxBodyBytes: 16 }).verify(withHeader(TOKEN)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(await codeOf(telegram({ secretToken: TOKEN, maxBodyBytes: 4096 }).verify(withHeader(TOKEN)))).toBe(
      "OK",
    );
  });

  it("descriptor: the example is the fixture (Telegram's sample message update), with a valid example token", async () => {
    expect(descriptor.example).toEqual({ payload: JSON.parse(MESSAGE) });
    expect(descriptor.exampleSecret).toBe("hookwire_telegram-0123456789abcdefghijklmnop");
    const signed = await telegramTestRequest({ secret: TOKEN, payload: JSON.parse(MESSAGE) });
    expect(signed.url).toBe("https://example.com/webhooks/telegram");
    expect(signed.headers.get("x-telegram-bot-api-secret-token")).toBe(TOKEN);
  });
});

describe("telegram() after its first mutation run", () => {
  it("leaves an empty token to the common secret check, which names the secretToken option", () => {
    for (const secretToken of ["", ["ok", ""]] as const) {
      let error: { code?: string; message?: string } = {};
      try {
        telegram({ secretToken: secretToken as string | string[] });
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.code).toBe("CONFIGURATION_INVALID");
      expect(error.message).toContain("secretToken");
      expect(error.message).not.toContain("what setWebhook accepts");
    }
  });

  it("names the package when the secret token header is missing; the descriptor names the secret", async () => {
    const refused = await refusalOf(telegram({ secretToken: TOKEN }).verify(withHeader(null)));
    expect(refused.code).toBe("SIGNATURE_MISSING");
    expect(refused.message).toContain("[@hookwire/telegram]");
    expect(descriptor.secretIs).toBe("the secret_token given to setWebhook (A-Z, a-z, 0-9, _ and -)");
  });
});
