import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { optionalHeader } from "./body.js";
import { utf8 } from "./encoding.js";
import { hmacScheme } from "./scheme.js";
import { defineSignedJsonReceiver, type SignedJsonReceiverDefinition } from "./signed-receiver.js";
import type { WebhookRequest } from "./types.js";

const PACKAGE = "@t/json";
const SECRET = "s3cret";
const scheme = hmacScheme({ packageName: PACKAGE, algorithm: "SHA-256", encoding: "hex", header: "x-sig" });

// An independent signer: node:crypto, not the scheme under test.
const signed = (body: string, headers: Record<string, string> = {}, secret = SECRET): WebhookRequest => ({
  method: "POST",
  url: "https://example.com/hook",
  headers: new Headers({
    "content-type": "application/json",
    "x-sig": createHmac("sha256", secret).update(body).digest("hex"),
    ...headers,
  }),
  body: utf8(body),
});

const failure = async (run: () => unknown): Promise<{ code?: string; message?: string } | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
};

const make = (definition: Partial<SignedJsonReceiverDefinition<"acme">> = {}) =>
  defineSignedJsonReceiver({
    provider: "acme",
    packageName: PACKAGE,
    options: { secret: SECRET },
    scheme,
    type: "type",
    ...definition,
  });

describe("defineSignedJsonReceiver", () => {
  it("reads the type and id from body fields, and the extras from meta, after the signature", async () => {
    const receiver = make({
      id: "id",
      meta: (body, request) => ({ account: body.account, via: request.method }),
    });
    const event = await receiver.verify(signed('{"type":"thing.done","id":"evt_1","account":"a1"}'));
    expect(event).toMatchObject({
      provider: "acme",
      type: "thing.done",
      id: "evt_1",
      payload: { type: "thing.done", id: "evt_1", account: "a1" },
      meta: { account: "a1", via: "POST" },
    });
    // an empty or non-string id field is no id; without meta, meta is empty
    expect((await make({ id: "id" }).verify(signed('{"type":"t","id":""}'))).id).toBeUndefined();
    expect((await make({ id: "id" }).verify(signed('{"type":"t","id":7}'))).id).toBeUndefined();
    expect((await make().verify(signed('{"type":"t","id":"x"}'))).meta).toEqual({});
    // a wrong signature is refused before the body is read
    expect(await failure(() => receiver.verify(signed("not json", {}, "other")))).toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `[${PACKAGE}] The signature does not match the body.`,
    });
  });

  it("reads the id from a header (trimmed; blank is none) or from a function of the body, request and type", async () => {
    const byHeader = make({ id: { header: "x-event-id" } });
    expect((await byHeader.verify(signed('{"type":"t"}', { "x-event-id": " e1 " }))).id).toBe("e1");
    expect((await byHeader.verify(signed('{"type":"t"}', { "x-event-id": "  " }))).id).toBeUndefined();
    expect((await byHeader.verify(signed('{"type":"t"}'))).id).toBeUndefined();
    const byFunction = make({
      id: (body, request, type) => `${type}:${body.n}:${request.headers.get("x-k")}`,
    });
    expect((await byFunction.verify(signed('{"type":"t","n":2}', { "x-k": "k" }))).id).toBe("t:2:k");
  });

  it("refuses a body without a type with PAYLOAD_INVALID, naming the field or saying the definition's message", async () => {
    for (const body of ["{}", '{"type":""}', '{"type":3}']) {
      expect(await failure(() => make().verify(signed(body)))).toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `[${PACKAGE}] The body has no "type".`,
      });
    }
    expect(await failure(() => make({ typeMissing: "[x] Say JSON." }).verify(signed("{}")))).toMatchObject({
      code: "PAYLOAD_INVALID",
      message: "[x] Say JSON.",
    });
    const byFunction = make({
      type: (body, request) => (body.kind as string) ?? optionalHeader(request, "x-kind"),
    });
    expect((await byFunction.verify(signed('{"kind":"k"}'))).type).toBe("k");
    expect((await byFunction.verify(signed("{}", { "x-kind": "h" }))).type).toBe("h");
    expect(await failure(() => byFunction.verify(signed("{}")))).toMatchObject({
      code: "PAYLOAD_INVALID",
      message: `[${PACKAGE}] The body names no event type.`,
    });
    expect(await failure(() => make().verify(signed("[1]")))).toMatchObject({ code: "PAYLOAD_INVALID" });
  });

  it("checks the media type after the signature, when the definition names them", async () => {
    const receiver = make({ mediaTypes: ["application/json", ""] });
    expect((await receiver.verify(signed('{"type":"t"}'))).type).toBe("t");
    expect(
      await failure(() => receiver.verify(signed('{"type":"t"}', { "content-type": "text/plain" }))),
    ).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    expect(
      await failure(() => receiver.verify(signed('{"type":"t"}', { "content-type": "text/plain" }, "other"))),
    ).toMatchObject({ code: "SIGNATURE_INVALID" });
    expect((await make().verify(signed('{"type":"t"}', { "content-type": "text/plain" }))).type).toBe("t");
  });

  it("takes the secret and the body limit from the user's options, checking the secret when created", async () => {
    expect(await failure(() => make({ options: undefined }))).toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
    expect(await failure(() => make({ options: { secret: "" } }))).toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
    const limited = make({ options: { secret: SECRET, maxBodyBytes: 8 } });
    const body = '{"type":"a-longer-type"}';
    const request = new Request("https://example.com/hook", {
      method: "POST",
      body,
      headers: { "x-sig": createHmac("sha256", SECRET).update(body).digest("hex") },
    });
    expect(await failure(() => limited.verify(request))).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const rotated = make({ options: { secret: ["old", SECRET] } });
    expect((await rotated.verify(signed('{"type":"t"}'))).type).toBe("t");
  });
});
