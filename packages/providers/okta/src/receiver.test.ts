import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { oktaEventsOf } from "./events.js";
import { okta } from "./receiver.js";
import { descriptor, oktaTestRequest } from "./testing.js";

const SAMPLE = readFileSync(new URL("../test/fixtures/user-session-start.json", import.meta.url), "utf8");
const SECRET = "Bearer okta-hook-secret-0123456789";
const URL_ = "https://example.com/webhooks/okta";

describe("okta() verification challenge", () => {
  it("echoes X-Okta-Verification-Challenge as {verification} without running handlers", async () => {
    const hooks = createWebhooks({ receivers: { okta: okta({ secret: SECRET }) } });
    let calls = 0;
    hooks.on("okta", "*", () => {
      calls++;
    });
    const response = await hooks.handle(
      new Request(URL_, {
        method: "GET",
        headers: { "x-okta-verification-challenge": "gEd_r9HkDYnDzl7e9YqsDV8SUuVI8hKw" },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ verification: "gEd_r9HkDYnDzl7e9YqsDV8SUuVI8hKw" });
    const bare = await hooks.handle(new Request(URL_, { method: "GET" }));
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe("HANDSHAKE_FAILED");
    expect(calls).toBe(0);
  });
});

describe("okta() deliveries", () => {
  const receiver = okta({ secret: SECRET });

  it("accepts the sample delivery with the secret, as one com.okta.event_hook event keyed per System Log event", async () => {
    const event = await receiver.verify(await oktaTestRequest({ secret: SECRET, payload: SAMPLE }));
    expect(event.type).toBe("com.okta.event_hook");
    expect(event.id).toBe("b5a188b9-5ece-4636-b041-482ffda96311");
    expect(event.idempotencyKeys).toEqual(["2a7cf3ba-33d1-11ea-9ad1-a3a4b5c4c2f2"]);
    const sessions = oktaEventsOf(event.payload as never, "user.session.start");
    expect(sessions.map((e) => e.actor.alternateId)).toEqual(["john.doe@example.com"]);
  });

  it("refuses a wrong, missing or partial secret with coded errors", async () => {
    expect(
      await codeOf(receiver.verify(await oktaTestRequest({ secret: `${SECRET}x`, payload: SAMPLE }))),
    ).toBe("SIGNATURE_INVALID");
    expect(
      await codeOf(
        receiver.verify(await oktaTestRequest({ secret: "okta-hook-secret-0123456789", payload: SAMPLE })),
      ),
    ).toBe("SIGNATURE_INVALID");
    const unsigned = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: SAMPLE,
    });
    expect(await codeOf(receiver.verify(unsigned))).toBe("SIGNATURE_MISSING");
    expect(() => okta({ secret: "" })).toThrow(expect.objectContaining({ code: "CONFIGURATION_INVALID" }));
  });

  it("reads the secret from a custom authentication field, and accepts each secret of a rotation list", async () => {
    const custom = okta({ secret: ["next-secret", "s3cret"], header: "X-Hook-Secret" });
    const request = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hook-secret": "s3cret" },
      body: SAMPLE,
    });
    expect(await codeOf(custom.verify(request))).toBe("OK");
    const inAuthorization = await oktaTestRequest({ secret: "s3cret", payload: SAMPLE });
    expect(await codeOf(custom.verify(inAuthorization))).toBe("SIGNATURE_MISSING");
  });

  it("refuses bodies that are not deliveries", async () => {
    for (const payload of ["{", "[]", { eventType: "com.okta.event_hook" }, { data: { events: {} } }]) {
      expect(await codeOf(receiver.verify(await oktaTestRequest({ secret: SECRET, payload })))).toBe(
        "PAYLOAD_INVALID",
      );
    }
  });

  it("runs handlers only for the events of a retried delivery not processed yet", async () => {
    const hooks = createWebhooks({ receivers: { okta: receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("okta", "com.okta.event_hook", (event) => {
      for (const e of event.payload.data.events) seen.push(e.uuid);
    });
    const sample = JSON.parse(SAMPLE);
    const [first] = sample.data.events;
    const second = { ...first, uuid: "second-uuid" };
    const delivery = (events: unknown[], eventId: string) => ({ ...sample, eventId, data: { events } });
    expect(
      (await hooks.handle(await oktaTestRequest({ secret: SECRET, payload: delivery([first], "d1") })))
        .status,
    ).toBe(200);
    expect(
      (
        await hooks.handle(
          await oktaTestRequest({ secret: SECRET, payload: delivery([first, second], "d2") }),
        )
      ).status,
    ).toBe(200);
    expect(seen).toEqual([first.uuid, "second-uuid"]);
    expect(receiver.deadlineMs).toBe(3_000);
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "okta" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as com.okta.event_hook when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("com.okta.event_hook");
  });
});

describe("okta() ids, types and headers", () => {
  const receiver = okta({ secret: SECRET });
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
    throw new Error("expected a refusal");
  };

  it("keys the delivery per event uuid only when every event has one", async () => {
    const event = async (events: unknown[], extra: Record<string, unknown> = {}) =>
      receiver.verify(
        await oktaTestRequest({ secret: SECRET, payload: { eventId: "d-1", data: { events }, ...extra } }),
      );
    expect((await event([{ uuid: "a" }, { uuid: "b" }])).idempotencyKeys).toEqual(["a", "b"]);
    expect((await event([{ uuid: "a" }, { uuid: "" }])).idempotencyKeys).toBeUndefined();
    expect((await event([{ uuid: "a" }, null])).idempotencyKeys).toBeUndefined();
    expect((await event([{ uuid: "a" }, { uuid: 3 }])).idempotencyKeys).toBeUndefined();
    expect((await event([])).idempotencyKeys).toBeUndefined();
    const typed = await event([], { eventType: "com.okta.custom", eventId: 5 });
    expect(typed.type).toBe("com.okta.custom");
    expect(typed.id).toBeUndefined();
    expect((await event([], { eventType: "" })).type).toBe("com.okta.event_hook");
    expect((await event([])).id).toBe("d-1");
  });

  it("refuses a body without data.events by name", async () => {
    for (const payload of [{}, { data: null }, { data: "x" }, { data: { events: {} } }]) {
      expect(await refusal(receiver.verify(await oktaTestRequest({ secret: SECRET, payload })))).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/okta] The body is not an event hook delivery (no data.events).",
      });
    }
  });

  it("names the header in the mismatch: authorization by default, the custom field in its case-insensitive form", async () => {
    const other = await oktaTestRequest({ secret: "Bearer another-secret-000", payload: SAMPLE });
    expect(await refusal(receiver.verify(other))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/okta] The authorization header does not match the event hook's secret.",
    });
    const custom = okta({ secret: "s3cret", header: "X-Hook-Secret" });
    const request = (value: string) =>
      new Request(URL_, {
        method: "POST",
        headers: { "x-hook-secret": value, "content-type": "application/json" },
        body: SAMPLE,
      });
    expect(await refusal(custom.verify(request("nope")))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/okta] The x-hook-secret header does not match the event hook's secret.",
    });
    expect(await codeOf(custom.verify(request("s3cret")))).toBe("OK");
    const explicit = okta({ secret: SECRET, header: "Authorization" });
    expect(await codeOf(explicit.verify(await oktaTestRequest({ secret: SECRET, payload: SAMPLE })))).toBe(
      "OK",
    );
  });

  it("names the refusal of a GET without a challenge, and an empty challenge", async () => {
    const cases: Record<string, string>[] = [{}, { "x-okta-verification-challenge": "" }];
    for (const headers of cases) {
      const response = await createWebhooks({ receivers: { okta: receiver } }).handle(
        new Request(URL_, { method: "GET", headers }),
      );
      expect(((await response.json()) as { error: unknown }).error).toEqual({
        code: "HANDSHAKE_FAILED",
        message:
          "[@hookwire/okta] A GET without X-Okta-Verification-Challenge is not Okta's verification request.",
      });
    }
  });

  it("applies maxBodyBytes, states Okta's 3 s deadline; oktaTestRequest sends Okta's user agent", async () => {
    expect(
      await codeOf(
        okta({ secret: SECRET, maxBodyBytes: 16 }).verify(
          await oktaTestRequest({ secret: SECRET, payload: SAMPLE }),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(
        okta({ secret: SECRET, maxBodyBytes: 1 << 16 }).verify(
          await oktaTestRequest({ secret: SECRET, payload: SAMPLE }),
        ),
      ),
    ).toBe("OK");
    expect(receiver.deadlineMs).toBe(3000);
    const signed = await oktaTestRequest({ secret: SECRET, payload: SAMPLE });
    expect(signed.headers.get("user-agent")).toBe("Okta Event Hooks");
    expect(signed.url).toBe(URL_);
    expect(() => okta(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("descriptor: the example is the fixture (Okta's sample delivery)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(SAMPLE));
  });
});

describe("okta() after its first mutation run", () => {
  it("types a delivery whose eventType is not a string as com.okta.event_hook", async () => {
    const event = await okta({ secret: SECRET }).verify(
      await oktaTestRequest({ secret: SECRET, payload: { eventType: 5, data: { events: [] } } }),
    );
    expect(event.type).toBe("com.okta.event_hook");
  });

  it("oktaEventsOf keeps only the System Log events of the given type", () => {
    const hook = JSON.parse(SAMPLE);
    const start = hook.data.events[0];
    hook.data.events = [start, { ...start, uuid: "other", eventType: "user.session.end" }];
    expect(oktaEventsOf(hook, "user.session.start").map((e) => e.uuid)).toEqual([start.uuid]);
    expect(oktaEventsOf(hook, "user.session.end").map((e) => e.uuid)).toEqual(["other"]);
  });

  it("names its provider, the package when the secret is missing, and the secret in the descriptor", async () => {
    expect(okta({ secret: SECRET }).provider).toBe("okta");
    let error: { code?: string; message?: string } = {};
    try {
      await okta({ secret: SECRET }).verify(new Request(URL_, { method: "POST", body: SAMPLE }));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/okta]");
    expect(descriptor.secretIs).toBe(
      "the event hook's authentication secret (the Authorization header's value)",
    );
  });
});
