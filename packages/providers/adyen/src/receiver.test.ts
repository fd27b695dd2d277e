import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { hmacValidator as HmacValidator } from "@adyen/api-library";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
  withoutSyncHmac,
} from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import type { AdyenNotification } from "./events.js";
import { adyen } from "./receiver.js";
import { adyenKey, adyenScheme, adyenSignedData } from "./scheme.js";
import { adyenTestRequest, descriptor, signAdyenItems } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/authorisation.json", import.meta.url), "utf8");
const KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const OTHER = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
const validator = new HmacValidator();

/** Adyen's library tests (hmacValidator.spec.ts): key, item and expected signature. */
const SDK_ITEM = {
  pspReference: "pspReference",
  originalReference: "originalReference",
  merchantAccountCode: "merchantAccount",
  merchantReference: "reference",
  amount: { currency: "EUR", value: 1000 },
  eventCode: "CAPTURE",
  eventDate: "1970-01-01T00:00:00.000Z",
  paymentMethod: "VISA",
  reason: "reason",
  success: "true",
  additionalData: { hmacSignature: "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=" },
};

const notification = (...items: object[]) => ({
  live: "false",
  notificationItems: items.map((i) => ({ NotificationRequestItem: i })),
});
const item = () => (JSON.parse(fixture) as AdyenNotification).notificationItems[0]!.NotificationRequestItem;

function request(body: string, headers: Record<string, string> = {}): Request {
  return new Request("https://example.com/webhooks/adyen", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

// The header form (Management API, platform webhooks) through the shared suite.
runHmacProviderConformance({
  name: "adyen",
  create: adyen,
  testRequest: adyenTestRequest,
  payload: {
    type: "merchant.updated",
    environment: "test",
    createdAt: "2023-01-01T00:00:00+01:00",
    data: { merchantId: "M1" },
  },
  type: "merchant.updated",
  signatureHeader: "hmacsignature",
  secrets: [KEY, OTHER],
});

describe("adyen()", () => {
  it("agrees with the vector of Adyen's library tests", async () => {
    expect(adyenSignedData(SDK_ITEM)).toBe(
      "pspReference:originalReference:merchantAccount:reference:1000:EUR:CAPTURE:true",
    );
    const event = await adyen({ secret: OTHER }).verify(request(JSON.stringify(notification(SDK_ITEM))));
    expect(event.type).toBe("CAPTURE");
    expect(event.id).toBe("CAPTURE:pspReference:true");
    expect(await codeOf(adyen({ secret: KEY }).verify(request(JSON.stringify(notification(SDK_ITEM)))))).toBe(
      "SIGNATURE_INVALID",
    );
    const invalid = { ...SDK_ITEM, additionalData: { hmacSignature: "notValidSign" } };
    expect(
      await codeOf(adyen({ secret: OTHER }).verify(request(JSON.stringify(notification(invalid))))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("signs items HmacValidator.validateHMAC accepts, and verifies items HmacValidator signed", async () => {
    const signed = await adyenTestRequest({ secret: KEY, payload: fixture });
    const body = JSON.parse(await signed.clone().text()) as AdyenNotification;
    const ours = body.notificationItems[0]!.NotificationRequestItem;
    expect(validator.validateHMAC(ours as never, KEY)).toBe(true);
    expect(validator.validateHMAC(ours as never, OTHER)).toBe(false);
    const theirs = item();
    theirs.additionalData = {
      ...theirs.additionalData,
      hmacSignature: validator.calculateHmac(theirs as never, KEY),
    };
    const event = await adyen({ secret: [OTHER, KEY] }).verify(request(JSON.stringify(notification(theirs))));
    expect(event.type).toBe("AUTHORISATION");
    expect(event.meta).toMatchObject({ kind: "notification", live: false });
  });

  it("signs the HmacSignature header HmacValidator.validateHMACSignature accepts, and verifies its signatures", async () => {
    const payload = JSON.stringify({ type: "balancePlatform.accountHolder.created", data: { id: "AH1" } });
    const signed = await adyenTestRequest({ secret: KEY, payload });
    expect(validator.validateHMACSignature(KEY, signed.headers.get("hmacsignature")!, payload)).toBe(true);
    const theirs = validator.calculateHmac(payload, KEY);
    const event = await adyen({ secret: KEY }).verify(request(payload, { HmacSignature: theirs }));
    expect(event.type).toBe("balancePlatform.accountHolder.created");
    expect(adyen({ secret: KEY }).respond?.(event)).toBeUndefined();
  });

  it("answers [accepted] for notifications through the router and states Adyen's 10 s deadline", async () => {
    const receiver = adyen({ secret: KEY });
    expect(receiver.deadlineMs).toBe(10_000);
    const hooks = createWebhooks({ receivers: { adyen: receiver } });
    const seen: string[] = [];
    hooks.on("adyen", "AUTHORISATION", (event) => {
      seen.push(event.payload.notificationItems[0]!.NotificationRequestItem.pspReference);
    });
    const response = await hooks.handle(await adyenTestRequest({ secret: KEY, payload: fixture }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("[accepted]");
    expect(seen).toEqual(["YOUR_PSP_REFERENCE"]);
  });

  it("requires a valid signature on every item of a batch and runs each item once", async () => {
    const refund = { ...item(), eventCode: "REFUND", pspReference: "REFUND_PSP" };
    const batch = (await signAdyenItems(notification(item(), refund), KEY)) as AdyenNotification;
    const receiver = adyen({ secret: KEY });
    const event = await receiver.verify(request(JSON.stringify(batch)));
    expect(event.type).toBe("batch");
    expect(event.idempotencyKeys).toEqual([
      "AUTHORISATION:YOUR_PSP_REFERENCE:true",
      "REFUND:REFUND_PSP:true",
    ]);
    const forged = structuredClone(batch);
    forged.notificationItems[1]!.NotificationRequestItem.amount.value = 1;
    expect(await codeOf(receiver.verify(request(JSON.stringify(forged))))).toBe("SIGNATURE_INVALID");
    const hooks = createWebhooks({
      receivers: { adyen: receiver },
      idempotency: { store: memoryIdempotencyStore() },
    });
    const seen: string[] = [];
    hooks.on("adyen", "*", (e) => {
      for (const i of (e.payload as AdyenNotification).notificationItems)
        seen.push(i.NotificationRequestItem.eventCode);
    });
    await hooks.handle(await adyenTestRequest({ secret: KEY, payload: fixture }));
    await hooks.handle(request(JSON.stringify(batch)));
    expect(seen).toEqual(["AUTHORISATION", "REFUND"]);
  });

  it("refuses tampered, missing, wrong-key and malformed notifications with coded errors", async () => {
    const receiver = adyen({ secret: KEY });
    const signed = JSON.parse(
      await (await adyenTestRequest({ secret: KEY, payload: fixture })).text(),
    ) as AdyenNotification;
    const tampered = structuredClone(signed);
    tampered.notificationItems[0]!.NotificationRequestItem.success = "false";
    expect(await codeOf(receiver.verify(request(JSON.stringify(tampered))))).toBe("SIGNATURE_INVALID");
    // fields outside the signed list are not covered by Adyen's HMAC: changing them keeps it valid
    const unsignedField = structuredClone(signed);
    unsignedField.notificationItems[0]!.NotificationRequestItem.paymentMethod = "mc";
    expect((await receiver.verify(request(JSON.stringify(unsignedField)))).type).toBe("AUTHORISATION");
    expect(await codeOf(receiver.verify(request(fixture)))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(adyen({ secret: OTHER }).verify(request(JSON.stringify(signed))))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(request('{"live":"false","notificationItems":[]}')))).toBe(
      "PAYLOAD_INVALID",
    );
    expect(await codeOf(receiver.verify(request('{"notificationItems":[{"other":1}]}')))).toBe(
      "PAYLOAD_INVALID",
    );
    // not a notification: the header form, which is absent
    expect(await codeOf(receiver.verify(request("{not json")))).toBe("SIGNATURE_MISSING");
    // authentic by header, but neither a notification nor a typed webhook
    for (const broken of ["{not json", '{"no":"type"}', "[1]"]) {
      expect(
        await codeOf(receiver.verify(await adyenTestRequest({ secret: KEY, payload: broken }))),
        broken,
      ).toBe("PAYLOAD_INVALID");
    }
    expect(
      await codeOf(receiver.verify(request(JSON.stringify(signed), { "content-type": "text/xml" }))),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    for (const secret of ["not-hex", "abc", ["00ff", "zz"]]) {
      expect(() => adyen({ secret })).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
    }
  });

  runDescriptorConformance(descriptor, { name: "adyen" });

  it("the descriptor signs the documented notification, and its receiver reads its type", async () => {
    const secret = descriptor.exampleSecret ?? "a".repeat(40);
    const receiver = descriptor.receiver(secret);
    const event = await receiver.verify(
      await descriptor.sign({ secret, payload: JSON.parse(fixture), event: "ping" }),
    );
    expect(event.type).toBe("AUTHORISATION");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as AUTHORISATION when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("AUTHORISATION");
  });
});

describe("adyen() — cases found by mutation testing", () => {
  const receiver = adyen({ secret: KEY });
  const ITEM = {
    pspReference: "PSP1",
    merchantAccountCode: "TestMerchant",
    merchantReference: "ref-1",
    amount: { value: 1130, currency: "EUR" },
    eventCode: "CAPTURE",
    success: "true",
  };
  /** An item signed by @adyen/api-library's HmacValidator under `key`. */
  const sdkSigned = (fields: object, key = KEY, wrap = (s: string) => s) => {
    const unsigned = { ...ITEM, ...fields };
    return {
      ...unsigned,
      additionalData: { hmacSignature: wrap(validator.calculateHmac(unsigned as never, key)) },
    };
  };
  const parts = (body: string) => ({
    method: "POST",
    url: "https://example.com/webhooks/adyen",
    headers: new Headers({ "content-type": "application/json" }),
    body: new TextEncoder().encode(body),
  });

  it("gives the index of the key that signed the items, and refuses a batch with one item under another key", async () => {
    const body = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" })));
    expect(await adyenScheme.verify(parts(body), [OTHER, KEY])).toBe(1);
    expect(await adyenScheme.verify(parts(body), [KEY, KEY])).toBe(0);
    const mixed = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" }, OTHER)));
    expect(await adyenScheme.verify(parts(mixed), [KEY])).toBe(-1);
    expect(await adyenScheme.verify(parts(mixed), [OTHER])).toBe(-1);
  });

  it("reads hmacSignature trimmed, and a blank or non-text one as missing, by name", async () => {
    const padded = JSON.stringify(notification(sdkSigned({}, KEY, (s) => ` ${s} `)));
    expect((await receiver.verify(request(padded))).type).toBe("CAPTURE");
    for (const hmacSignature of ["  ", 5, null]) {
      const body = JSON.stringify(notification({ ...ITEM, additionalData: { hmacSignature } }));
      expect(await refusalOf(receiver.verify(request(body))), String(hmacSignature)).toEqual({
        code: "SIGNATURE_MISSING",
        message:
          "[@hookwire/adyen] A notification item has no additionalData.hmacSignature. Generate an HMAC key for the webhook in Customer Area.",
      });
    }
    expect(await refusalOf(receiver.verify(request(JSON.stringify(notification({ ...ITEM })))))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/adyen] A notification item has no additionalData.hmacSignature. Generate an HMAC key for the webhook in Customer Area.",
    });
  });

  it("names the malformed notifications it refuses", async () => {
    const refusal = async (body: string) => refusalOf(receiver.verify(request(body)));
    expect(await refusal('{"live":"false","notificationItems":[]}')).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/adyen] The notification has no items.",
    });
    for (const entry of [
      "null",
      '{"other":1}',
      '{"NotificationRequestItem":null}',
      '{"NotificationRequestItem":"x"}',
    ]) {
      expect(await refusal(`{"notificationItems":[${entry}]}`), entry).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/adyen] A notification item has no NotificationRequestItem.",
      });
    }
    for (const fields of [{ eventCode: "" }, { eventCode: 3 }, { pspReference: 5 }]) {
      expect(await refusal(JSON.stringify(notification(sdkSigned(fields)))), JSON.stringify(fields)).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/adyen] A notification item has no eventCode or pspReference.",
      });
    }
    for (const payload of ['{"no":"type"}', '{"type":""}', '{"type":7}']) {
      expect(
        await refusalOf(receiver.verify(await adyenTestRequest({ secret: KEY, payload }))),
        payload,
      ).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/adyen] The body is neither a notification nor a typed webhook.",
      });
    }
    expect(
      await refusalOf(adyen({ secret: OTHER }).verify(request(JSON.stringify(notification(sdkSigned({})))))),
    ).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/adyen] The HMAC signature does not match under the configured HMAC key.",
    });
  });

  it("types one event code by its name, several as batch; one item has an id, several have keys; live as a flag", async () => {
    const one = await receiver.verify(
      request(JSON.stringify({ ...notification(sdkSigned({})), live: "true" })),
    );
    expect(one).toMatchObject({
      type: "CAPTURE",
      id: "CAPTURE:PSP1:true",
      meta: { kind: "notification", live: true },
    });
    expect(one.idempotencyKeys).toBeUndefined();
    const same = await receiver.verify(
      request(
        JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2", success: "false" }))),
      ),
    );
    expect(same.type).toBe("CAPTURE");
    expect(same.id).toBeUndefined();
    expect(same.idempotencyKeys).toEqual(["CAPTURE:PSP1:true", "CAPTURE:PSP2:false"]);
    expect(same.meta).toEqual({ kind: "notification", live: false });
    const webhook = await receiver.verify(
      await adyenTestRequest({ secret: KEY, payload: { type: "merchant.updated", data: {} } }),
    );
    expect(webhook.meta).toEqual({ kind: "webhook" });
  });

  it("answers notifications with [accepted] as plain text", async () => {
    const event = await receiver.verify(request(JSON.stringify(notification(sdkSigned({})))));
    const response = receiver.respond?.(event);
    expect(response?.status).toBe(200);
    expect(response?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response?.text()).toBe("[accepted]");
  });

  it("checks hex keys at creation (even length, not empty), in lists too, and accepts either case", async () => {
    const KEY_MESSAGE =
      "[@hookwire/adyen] The HMAC key must be the hex string Customer Area shows (Developers → Webhooks → your webhook → HMAC key).";
    for (const secret of ["abc", "zz", [KEY, "abc"]]) {
      expect(() => adyen({ secret }), String(secret)).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID", message: KEY_MESSAGE }),
      );
    }
    expect(() => adyenKey("")).toThrow(KEY_MESSAGE);
    expect(() => adyen(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    const body = JSON.stringify(notification(sdkSigned({})));
    expect((await adyen({ secret: KEY.toLowerCase() }).verify(request(body))).type).toBe("CAPTURE");
    expect(receiver.provider).toBe("adyen");
  });

  it("applies maxBodyBytes; adyenTestRequest sends Adyen's user agent; the descriptor's example is the fixture", async () => {
    const body = JSON.stringify(notification(sdkSigned({})));
    expect(await codeOf(adyen({ secret: KEY, maxBodyBytes: 64 }).verify(request(body)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect((await adyen({ secret: KEY, maxBodyBytes: 4096 }).verify(request(body))).type).toBe("CAPTURE");
    expect((await adyenTestRequest({ secret: KEY, payload: fixture })).headers.get("user-agent")).toBe(
      "Adyen HttpClient 1.0",
    );
    expect(descriptor.example).toEqual({ payload: JSON.parse(fixture) });
    expect(descriptor.secretIs).toBe("the webhook's HMAC key (hex)");
  });
  it("signs a null field as empty (as HmacValidator does) and an item without amount with empty value and currency", async () => {
    const withNull = sdkSigned({ originalReference: null });
    expect((await receiver.verify(request(JSON.stringify(notification(withNull))))).type).toBe("CAPTURE");
    const { amount: _amount, ...noAmount } = ITEM;
    // Adyen's documented signing string with the two amount fields empty, computed by node:crypto
    const data = "PSP1::TestMerchant:ref-1:::CAPTURE:true";
    const hmacSignature = createHmac("sha256", Buffer.from(KEY, "hex")).update(data).digest("base64");
    expect(adyenSignedData(noAmount)).toBe(data);
    const body = JSON.stringify(notification({ ...noAmount, additionalData: { hmacSignature } }));
    expect((await receiver.verify(request(body))).type).toBe("CAPTURE");
  });

  it("gives the index of the first item's key when items are signed under different configured keys", async () => {
    const mixed = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" }, OTHER)));
    expect(await adyenScheme.verify(parts(mixed), [KEY, OTHER])).toBe(0);
    expect(await adyenScheme.verify(parts(mixed), [OTHER, KEY])).toBe(1);
  });

  it("leaves empty keys to the option check, accepts a body without content type, and sends malformed items unsigned", async () => {
    const setup = (secret: string | string[]) => {
      try {
        adyen({ secret });
      } catch (error) {
        return (error as Error).message;
      }
      return "created";
    };
    expect(setup("")).toBe(
      "[@hookwire/adyen] The secret option is missing or empty. Pass { secret: process.env.… } — a string, a list for rotation, or a function of the request.",
    );
    expect(setup([KEY, ""])).toBe(
      "[@hookwire/adyen] secret[1] is an empty string. Remove it from the list or give it the secret's value.",
    );
    const untyped = new Request("https://example.com/webhooks/adyen", {
      method: "POST",
      body: new TextEncoder().encode(JSON.stringify(notification(sdkSigned({})))),
    });
    expect(untyped.headers.get("content-type")).toBeNull();
    expect((await receiver.verify(untyped)).type).toBe("CAPTURE");
    const malformed = '{"notificationItems":[null]}';
    const sent = await adyenTestRequest({ secret: KEY, payload: malformed });
    expect(await sent.clone().text()).toBe(malformed);
    expect(await refusalOf(receiver.verify(sent))).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/adyen] A notification item has no NotificationRequestItem.",
    });
    // a body that is not a notification is returned as given
    expect(await signAdyenItems({ type: "merchant.updated" }, KEY)).toEqual({ type: "merchant.updated" });
  });

  it("answers a classic notification with a number on Node, not a promise, for a match and a mismatch", () => {
    const body = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" })));
    expect(adyenScheme.verify(parts(body), [OTHER, KEY])).toBe(1);
    const mixed = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" }, OTHER)));
    expect(adyenScheme.verify(parts(mixed), [KEY])).toBe(-1);
  });

  it("verifies items through Web Crypto's promise (no synchronous HMAC): every item must match, the first item's key index", async () => {
    await withoutSyncHmac(async () => {
      const body = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" })));
      const answer = adyenScheme.verify(parts(body), [OTHER, KEY]);
      expect(answer).toBeInstanceOf(Promise);
      expect(await answer).toBe(1);
      expect(await adyenScheme.verify(parts(body), [KEY])).toBe(0);
      // the first item under the key, the second under another: refused whichever is configured
      const mixed = JSON.stringify(notification(sdkSigned({}), sdkSigned({ pspReference: "PSP2" }, OTHER)));
      expect(await adyenScheme.verify(parts(mixed), [KEY])).toBe(-1);
      expect(await adyenScheme.verify(parts(mixed), [OTHER])).toBe(-1);
      expect(await adyenScheme.verify(parts(mixed), [OTHER, KEY])).toBe(1);
      expect((await receiver.verify(request(body))).type).toBe("CAPTURE");
    });
  });
});
