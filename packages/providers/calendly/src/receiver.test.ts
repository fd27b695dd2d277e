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
import { calendly } from "./receiver.js";
import { calendlySignature, calendlyTestRequest, descriptor } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/invitee-created.json", import.meta.url));
const KEY = "calendly-signing-key-0123456789abcdef";
const INVITEE = "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA";

/** Calendly's documented computation: hex HMAC-SHA256 of `<t>.<body>` under the signing key. */
const documented = (body: Uint8Array, key: string, t: number) =>
  `t=${t},v1=${createHmac("sha256", key).update(`${t}.`).update(body).digest("hex")}`;

const now = () => Math.floor(Date.now() / 1000);

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/calendly", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("calendly()", () => {
  it("verifies the documented invitee.created example signed as Calendly's documentation computes it", async () => {
    const event = await calendly({ secret: KEY }).verify(
      request(fixture, { "calendly-webhook-signature": documented(fixture, KEY, now()) }),
    );
    expect(event.type).toBe("invitee.created");
    expect(event.id).toBe(`invitee.created:${INVITEE}`);
    expect(event.meta).toEqual({ createdBy: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA" });
  });

  it("signs what the documented computation gives, for arbitrary bodies, keys and times", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        async (key, body, t) => {
          expect(await calendlySignature(body, key, t)).toBe(documented(body, key, t));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses tampered bodies, a changed t, wrong keys, missing and malformed headers with coded errors", async () => {
    const receiver = calendly({ secret: KEY });
    const t = now();
    const header = documented(fixture, KEY, t);
    const tampered = Buffer.from(fixture.toString("utf8").replace("John Doe", "Jane Doe"));
    expect(await codeOf(receiver.verify(request(tampered, { "calendly-webhook-signature": header })))).toBe(
      "SIGNATURE_INVALID",
    );
    // the timestamp is signed: moving it breaks the signature, it is never reported as "expired"
    const moved = header.replace(`t=${t}`, `t=${t - 1}`);
    expect(await codeOf(receiver.verify(request(fixture, { "calendly-webhook-signature": moved })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(request(fixture, { "calendly-webhook-signature": documented(fixture, "x", t) })),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    const malformed: Array<[string, string]> = [
      [header.split(",")[1]!, "SIGNATURE_INVALID"], // no t=
      ["v1", "SIGNATURE_INVALID"], // no =
      [`t=${t}`, "SIGNATURE_INVALID"], // no v1=
      ["t=abc,v1=00", "HEADER_INVALID"], // t not a number
    ];
    for (const [bad, code] of malformed) {
      expect(
        await codeOf(receiver.verify(request(fixture, { "calendly-webhook-signature": bad }))),
        bad,
      ).toBe(code);
    }
  });

  it("refuses a signature older or newer than three minutes, and honours toleranceSeconds", async () => {
    for (const t of [now() - 181 - 60, now() + 181 + 60]) {
      expect(
        await codeOf(
          calendly({ secret: KEY }).verify(
            request(fixture, { "calendly-webhook-signature": documented(fixture, KEY, t) }),
          ),
        ),
      ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    }
    const old = now() - 600;
    expect(
      (
        await calendly({ secret: KEY, toleranceSeconds: 900 }).verify(
          request(fixture, { "calendly-webhook-signature": documented(fixture, KEY, old) }),
        )
      ).type,
    ).toBe("invitee.created");
  });

  it("refuses a signed body without an event, and malformed JSON", async () => {
    const receiver = calendly({ secret: KEY });
    for (const body of [JSON.stringify({ payload: {} }), "{not json", "[]"]) {
      const header = documented(Buffer.from(body), KEY, now());
      expect(await codeOf(receiver.verify(request(body, { "calendly-webhook-signature": header })))).toBe(
        "PAYLOAD_INVALID",
      );
    }
  });

  it("runs handlers once per invitee for a retried invitee.created", async () => {
    const hooks = createWebhooks({ receivers: { calendly: calendly({ secret: KEY }) }, idempotency: true });
    const names: string[] = [];
    hooks.on("calendly", "invitee.created", (event) => {
      names.push(event.payload.payload.name);
    });
    const body = JSON.parse(fixture.toString("utf8"));
    expect((await hooks.handle(await calendlyTestRequest({ secret: KEY, payload: body }))).status).toBe(200);
    expect((await hooks.handle(await calendlyTestRequest({ secret: KEY, payload: body }))).status).toBe(200);
    expect(names).toEqual(["John Doe"]);
  });

  runDescriptorConformance(descriptor, { name: "calendly", secret: KEY });

  it("the descriptor signs a minimal payload, and its receiver reads the type ping", async () => {
    const receiver = descriptor.receiver(KEY);
    const ok = await descriptor.sign({ secret: KEY, event: "ping", payload: { payload: {} } });
    expect((await receiver.verify(ok)).type).toBe("ping");
  });
});

runHmacProviderConformance({
  name: "calendly",
  create: calendly,
  testRequest: calendlyTestRequest,
  payload: JSON.parse(fixture.toString("utf8")),
  type: "invitee.created",
  signatureHeader: "calendly-webhook-signature",
  toleranceSeconds: 180,
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as invitee.created when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("invitee.created");
  });
});

describe("calendly() — cases found by mutation testing", () => {
  const receiver = calendly({ secret: KEY });
  const body = (value: object) => Buffer.from(JSON.stringify(value));
  const MALFORMED = {
    code: "SIGNATURE_INVALID",
    message: "[@hookwire/calendly] The Calendly-Webhook-Signature header is malformed.",
  };

  it("reads the header strictly: only v1 entries with a value, every part with a key, spaces around parts", async () => {
    const t = now();
    const v1 = documented(fixture, KEY, t).split(",")[1]!;
    const sig = v1.slice("v1=".length);
    const verify = (header: string) =>
      receiver.verify(request(fixture, { "calendly-webhook-signature": header }));
    expect((await verify(`t=${t} , ${v1}`)).type).toBe("invitee.created");
    expect((await verify(`t=${t},${v1},=x`)).type).toBe("invitee.created");
    expect(await refusalOf(verify(`t=${t},${v1},junk`))).toEqual(MALFORMED);
    expect(await refusalOf(verify(`t=${t},v0=${sig}`))).toEqual(MALFORMED);
    expect(await refusalOf(verify(`t=${t},v1=`))).toEqual(MALFORMED);
    expect(await refusalOf(verify(`t=${t}`))).toEqual(MALFORMED);
    expect(await refusalOf(verify(`t=${t},v1=00`))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/calendly] The signature does not match the body.",
    });
    expect(await refusalOf(receiver.verify(request(fixture, {})))).toEqual({
      code: "SIGNATURE_MISSING",
      message:
        "[@hookwire/calendly] The Calendly-Webhook-Signature header is missing. Create the webhook subscription with a signing_key to have Calendly sign deliveries.",
    });
  });

  it("takes the id from a non-empty string payload.uri only, and created_by only as a string", async () => {
    const read = (value: object) => {
      const bytes = body(value);
      return receiver.verify(request(bytes, { "calendly-webhook-signature": documented(bytes, KEY, now()) }));
    };
    for (const payload of [undefined, {}, { uri: "" }, { uri: 5 }]) {
      const event = await read({ event: "invitee.canceled", ...(payload === undefined ? {} : { payload }) });
      expect(event.id, JSON.stringify(payload)).toBeUndefined();
    }
    expect((await read({ event: "invitee.canceled", payload: { uri: "u" } })).id).toBe("invitee.canceled:u");
    expect((await read({ event: "invitee.canceled", created_by: 7, payload: {} })).meta).toEqual({
      createdBy: undefined,
    });
  });

  it("names its provider, refuses no options with a coded error, and keeps the default window when given it", async () => {
    expect(receiver.provider).toBe("calendly");
    expect(() => calendly(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    const t = now() - 240;
    const old = () => request(fixture, { "calendly-webhook-signature": documented(fixture, KEY, t) });
    expect(await codeOf(calendly({ secret: KEY, toleranceSeconds: 180 }).verify(old()))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect((await calendly({ secret: KEY, toleranceSeconds: 300 }).verify(old())).type).toBe(
      "invitee.created",
    );
  });

  it("calendlyTestRequest names invitee.created by default; the descriptor's example is the fixture", async () => {
    const signed = await calendlyTestRequest({ secret: KEY, payload: { payload: {} } });
    expect(JSON.parse(await signed.text())).toEqual({ event: "invitee.created", payload: {} });
    expect(descriptor.example).toEqual({
      payload: JSON.parse(fixture.toString("utf8")),
      event: "invitee.created",
    });
    expect(descriptor.secretIs).toBe("the webhook subscription's signing_key");
    expect(descriptor.eventOption).toBe("the body's event when the payload has none (invitee.created…)");
  });
});
