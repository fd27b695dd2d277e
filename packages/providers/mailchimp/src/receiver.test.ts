import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { mailchimp } from "./receiver.js";
import { descriptor, mailchimpTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/subscribe.txt", import.meta.url), "utf8");

describe("mailchimp()", () => {
  const receiver = mailchimp({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await mailchimpTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("mailchimp");
    expect(event.type).toBe("subscribe");
    expect(event.id).toBeUndefined();
    expect(event.payload).toMatchObject({
      data: { email: "api@mailchimp.com", merges: { FNAME: "Mailchimp" } },
    });
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await mailchimpTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await mailchimpTestRequest({ secret: CODE, payload: "%E0%A4%A" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("answers Mailchimp's GET validation with 200 once the code checks out", async () => {
    const hooks = createWebhooks({ receivers: { mailchimp: receiver } });
    const ok = await hooks.handle(new Request(`https://example.com/webhooks/mailchimp?code=${CODE}`));
    expect(ok.status).toBe(200);
    const wrong = await hooks.handle(new Request("https://example.com/webhooks/mailchimp?code=nope"));
    expect(wrong.status).toBe(401);
  });

  it("answers a HEAD validation like the GET one, and never runs handlers for either", async () => {
    const hooks = createWebhooks({ receivers: { mailchimp: receiver } });
    let calls = 0;
    hooks.on("mailchimp", "*", () => {
      calls++;
    });
    const head = await hooks.handle(
      new Request(`https://example.com/webhooks/mailchimp?code=${CODE}`, { method: "HEAD" }),
    );
    expect(head.status).toBe(200);
    const wrong = await hooks.handle(
      new Request("https://example.com/webhooks/mailchimp?code=nope", { method: "HEAD" }),
    );
    expect(wrong.status).toBe(401);
    const put = await hooks.handle(
      new Request(`https://example.com/webhooks/mailchimp?code=${CODE}`, { method: "PUT", body: "x" }),
    );
    expect(put.status).toBe(405);
    expect(calls).toBe(0);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { mailchimp: receiver } });
    const seen: string[] = [];
    hooks.on("mailchimp", "subscribe", (event) => {
      seen.push(event.type);
    });
    const request = await mailchimpTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/mailchimp",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["subscribe"]);
  });

  it("reads every documented event type with its nested fields", async () => {
    const bodies = readFileSync(new URL("../test/fixtures/other-types.txt", import.meta.url), "utf8")
      .trim()
      .split("\n");
    const events = await Promise.all(
      bodies.map(async (body) =>
        receiver.verify(await mailchimpTestRequest({ secret: CODE, payload: body })),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(["unsubscribe", "profile", "upemail", "cleaned", "campaign"]);
    expect(events[0]!.payload).toMatchObject({
      data: {
        action: "unsub",
        reason: "manual",
        merges: { EMAIL: "api+unsub@mailchimp.com", INTERESTS: "Group1,Group2" },
      },
    });
    expect(events[2]!.payload).toMatchObject({
      data: { new_email: "api+new@mailchimp.com", old_email: "api+old@mailchimp.com" },
    });
    expect(events[3]!.payload).toMatchObject({
      data: { reason: "hard", email: "api+cleaned@mailchimp.com" },
    });
    expect(events[4]!.payload).toMatchObject({
      data: { subject: "Test Campaign Subject", status: "sent", reason: "" },
    });
    expect(events[4]!.meta.firedAt).toBe("2009-03-26 21:31:21");
  });

  it("keeps prototype keys out of the parsed form", async () => {
    const event = await receiver.verify(
      await mailchimpTestRequest({
        secret: CODE,
        payload: "type=profile&__proto__[polluted]=1&data[constructor][x]=2",
      }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(event.payload as object)).toEqual(["type"]);
  });
});

runCodeSecretConformance({
  name: "mailchimp",
  create: (options) => mailchimp(options),
  testRequest: mailchimpTestRequest,
  payload: fixture,
  type: "subscribe",
});

describe("mailchimp() — cases found by mutation testing", () => {
  const receiver = mailchimp({ code: CODE });
  const form = (body: string) => mailchimpTestRequest({ secret: CODE, payload: body });

  it("refuses a body whose type is missing or empty, with the package's message", async () => {
    for (const body of ["data[email]=a%40b.c", "type=&data[email]=a%40b.c"]) {
      await expect(receiver.verify(await form(body))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/mailchimp] The body has no "type".',
      });
    }
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(mailchimp({ code: CODE, maxBodyBytes: 8 }).verify(await form(fixture)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("mailchimpTestRequest form-encodes object payloads (nested keys) and sends text as is", async () => {
    const nested = await mailchimpTestRequest({
      secret: CODE,
      payload: { type: "subscribe", data: { email: "a@b.c" } },
    });
    expect(new URLSearchParams(await nested.text()).get("data[email]")).toBe("a@b.c");
    const text = await mailchimpTestRequest({ secret: CODE, payload: "type=x" });
    expect(await text.text()).toBe("type=x");
    const bytes = await mailchimpTestRequest({ secret: CODE, payload: new TextEncoder().encode("type=y") });
    expect(await bytes.text()).toBe("type=y");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as subscribe when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("subscribe");
  });
});

describe("mailchimp — the descriptor's example (third mutation run)", () => {
  it("is sent as the documented form body of test/fixtures/subscribe.txt", async () => {
    const documented = new URLSearchParams(
      readFileSync(new URL("../test/fixtures/subscribe.txt", import.meta.url), "utf8").trim(),
    );
    const sent = await descriptor.sign({ secret: "c".repeat(40), ...descriptor.example! });
    expect([...new URLSearchParams(await sent.text())]).toEqual([...documented]);
  });
});

describe("mailchimp — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("mailchimp — cases found by the third mutation run", () => {
  it("created without options, it refuses with CONFIGURATION_INVALID (not a TypeError)", () => {
    expect(() => mailchimp(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
