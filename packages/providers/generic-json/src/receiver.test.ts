import { readFileSync } from "node:fs";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { genericJson } from "./receiver.js";
import { genericJsonTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(
  new URL("../test/fixtures/ifttt-make-a-web-request.json", import.meta.url),
  "utf8",
);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

describe("genericJson()", () => {
  const receiver = genericJson({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(
      await genericJsonTestRequest({ secret: CODE, payload: fixture, event: "new_tweet" }),
    );
    expect(event.provider).toBe("generic-json");
    expect(event.type).toBe("new_tweet");
    expect(event.id).toBeUndefined();
    expect(event.payload).toMatchObject({ value1: "A tweet with ünïcödé" });
  });

  it("refuses a wrong or missing code, and a code shorter than 32 characters", async () => {
    expect(
      await codeOf(receiver.verify(await genericJsonTestRequest({ secret: `${CODE}x`, payload: fixture }))),
    ).toBe("SIGNATURE_INVALID");
    const noCode = new Request("https://example.com/webhooks/generic-json", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "application/json" },
    });
    expect(await codeOf(receiver.verify(noCode))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        genericJson({ code: "short" }).verify(
          await genericJsonTestRequest({ secret: "short", payload: fixture }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    expect(() => genericJson({})).toThrow(/Configure a secret/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await genericJsonTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await genericJsonTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
    const arrays = await genericJsonTestRequest({ secret: CODE, payload: "[1,2,3]" });
    expect((await receiver.verify(arrays)).payload).toEqual([1, 2, 3]);
    const byField = genericJson({ code: CODE, typeField: "kind" });
    expect(
      (await byField.verify(await genericJsonTestRequest({ secret: CODE, payload: { kind: "zap.ran" } })))
        .type,
    ).toBe("zap.ran");
    expect(
      await codeOf(byField.verify(await genericJsonTestRequest({ secret: CODE, payload: { other: 1 } }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { generic_json: receiver } });
    const seen: string[] = [];
    hooks.on("generic_json", "new_tweet", (event) => {
      seen.push(event.type);
    });
    const request = await genericJsonTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/generic_json",
      event: "new_tweet",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["new_tweet"]);
  });
});
