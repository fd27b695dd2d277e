import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { genericJson } from "./receiver.js";
import { descriptor, genericJsonTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(
  new URL("../test/fixtures/ifttt-make-a-web-request.json", import.meta.url),
  "utf8",
);

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

  it("refuses invalid options", () => {
    expect(() => genericJson({ code: CODE, typeField: "" })).toThrow(/typeField/);
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

  it("accepts IFTTT's text/plain and Zapier's form bodies when asked to, and names the option otherwise", async () => {
    const url = `https://example.com/webhooks/generic-json?code=${CODE}&action=new_row`;
    const post = (body: string, type: string) =>
      new Request(url, { method: "POST", body, headers: { "content-type": type } });
    // IFTTT "Make a web request", Content Type text/plain, with a JSON body typed in the applet
    const ifttt = genericJson({ code: CODE, accept: ["text"] });
    const iftttJson = await ifttt.verify(post(fixture, "text/plain"));
    expect(iftttJson.type).toBe("new_row");
    expect(iftttJson.payload).toMatchObject({ value1: "A tweet with ünïcödé" });
    expect((await ifttt.verify(post("just words", "text/plain; charset=utf-8"))).payload).toBe("just words");
    // Zapier "Webhooks by Zapier" POST with its default Payload Type "form"
    const zapier = genericJson({ code: CODE, accept: ["form"], typeField: "event", idField: "id" });
    const zap = await zapier.verify(
      post("event=row.added&id=42&name=J%C3%BCrgen", "application/x-www-form-urlencoded"),
    );
    expect(zap).toMatchObject({
      type: "row.added",
      id: "42",
      payload: { event: "row.added", id: "42", name: "Jürgen" },
    });
    // not accepted unless configured, with the fix in the message
    const error = (await receiver.verify(post("event=x", "application/x-www-form-urlencoded")).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(error.message).toContain('accept: ["form"]');
    expect(await codeOf(zapier.verify(post(fixture, "text/plain")))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(() => genericJson({ code: CODE, accept: ["xml" as "text"] })).toThrow(/accept option/);
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

  it("defaults the type to change, or to defaultType, and reads an id from idField", async () => {
    expect(
      (await receiver.verify(await genericJsonTestRequest({ secret: CODE, payload: fixture }))).type,
    ).toBe("change");
    const custom = genericJson({ code: CODE, defaultType: "zap", idField: "id" });
    const event = await custom.verify(
      await genericJsonTestRequest({ secret: CODE, payload: { id: 42, a: 1 } }),
    );
    expect(event.type).toBe("zap");
    expect(event.id).toBe("42");
    expect(
      (await custom.verify(await genericJsonTestRequest({ secret: CODE, payload: [1] }))).id,
    ).toBeUndefined();
  });

  it("accepts a header token instead of the code, in constant time, and rotation lists", async () => {
    const byHeader = genericJson({ header: { "x-webhook-token": ["old-token", "new-token"] } });
    const request = (headers: Record<string, string>) =>
      new Request("https://example.com/webhooks/generic-json?action=zap.ran", {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json", ...headers },
      });
    expect((await byHeader.verify(request({ "x-webhook-token": "old-token" }))).type).toBe("zap.ran");
    expect((await byHeader.verify(request({ "x-webhook-token": "new-token" }))).type).toBe("zap.ran");
    expect(await codeOf(byHeader.verify(request({ "x-webhook-token": "new-tokem" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(byHeader.verify(request({})))).toBe("SIGNATURE_MISSING");
    const both = genericJson({ code: CODE, header: { "x-webhook-token": "new-token" } });
    const codeOnly = await genericJsonTestRequest({ secret: CODE, payload: fixture });
    expect(await codeOf(both.verify(codeOnly))).toBe("SIGNATURE_MISSING");
  });

  it("accepts text/json, refuses a missing content type and an empty body", async () => {
    const textJson = await genericJsonTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/json; charset=utf-8" },
    });
    expect((await receiver.verify(textJson)).type).toBe("change");
    const noType = new Request(`https://example.com/webhooks/generic-json?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(await genericJsonTestRequest({ secret: CODE, payload: "" })))).toBe(
      "PAYLOAD_INVALID",
    );
  });
});

runCodeSecretConformance({
  name: "generic-json",
  create: (options) => genericJson(options),
  testRequest: genericJsonTestRequest,
  payload: fixture,
  type: "change",
});

describe("genericJson() — cases found by mutation testing", () => {
  const P = "[@hookwire/generic-json]";
  const url = (query = "") => `https://example.com/webhooks/generic-json?code=${CODE}${query}`;
  const post = (body: string, type: string, query = "") =>
    new Request(url(query), { method: "POST", body, headers: { "content-type": type } });

  it("checks every option at creation, with the fix in the message", () => {
    expect(() => genericJson({})).toThrow(
      `${P} Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), { header: { "x-webhook-token": "<token>" } }, or { basicAuth: { username, password } }.`,
    );
    expect(() => genericJson(undefined as never)).toThrow(/Configure a secret/);
    expect(() => genericJson({ basicAuth: { username: "u", password: "p" } })).not.toThrow();
    expect(() => genericJson({ header: { "x-webhook-token": "t" } })).not.toThrow();
    expect(() => genericJson({ code: "short" })).toThrow();
    for (const name of ["typeField", "defaultType", "idField"] as const) {
      for (const value of ["", 5]) {
        expect(() => genericJson({ code: CODE, [name]: value as never })).toThrow(
          `${P} The ${name} option must be a non-empty string. Remove it or pass { ${name}: "…" }.`,
        );
      }
      expect(() => genericJson({ code: CODE, [name]: "x" })).not.toThrow();
    }
    const acceptMessage = `${P} The accept option lists body formats besides JSON: "text" (text/plain, IFTTT) and "form" (form-encoded, Zapier's default). Pass e.g. { accept: ["form"] }.`;
    expect(() => genericJson({ code: CODE, accept: "form" as never })).toThrow(acceptMessage);
    expect(() => genericJson({ code: CODE, accept: ["text", "xml" as never] })).toThrow(acceptMessage);
    expect(() => genericJson({ code: CODE, accept: ["text", "form"] })).not.toThrow();
  });

  it("names the accepted types and the option to set in the media-type refusal", async () => {
    const message = async (r: ReturnType<typeof genericJson>, type: string) =>
      (
        (await r.verify(post("{}", type)).then(
          () => undefined,
          (e: unknown) => e,
        )) as Error
      ).message;
    const plain = genericJson({ code: CODE });
    expect(await message(plain, "text/plain")).toBe(
      `${P} Content-Type "text/plain" is not accepted; expected application/json. To accept it, pass { accept: ["text"] }.`,
    );
    expect(await message(plain, "application/x-www-form-urlencoded")).toBe(
      `${P} Content-Type "application/x-www-form-urlencoded" is not accepted; expected application/json. To accept it, pass { accept: ["form"] }.`,
    );
    expect(await message(plain, "application/xml")).toBe(
      `${P} Content-Type "application/xml" is not accepted; expected application/json.`,
    );
    const both = genericJson({ code: CODE, accept: ["text", "form"] });
    expect(await message(both, "application/xml")).toBe(
      `${P} Content-Type "application/xml" is not accepted; expected application/json or text/plain or application/x-www-form-urlencoded.`,
    );
    expect((await both.verify(post("{}", "application/vnd.x+json"))).payload).toEqual({});
  });

  it("takes the type from ?action=, else defaultType; typeField must name a non-empty string", async () => {
    const r = genericJson({ code: CODE });
    expect((await r.verify(post("{}", "application/json", "&action=row"))).type).toBe("row");
    expect((await r.verify(post("{}", "application/json", "&action="))).type).toBe("change");
    const typed = genericJson({ code: CODE, typeField: "event" });
    for (const body of ['{"event":""}', '{"event":3}', "[1]", "null", '"event"']) {
      await expect(typed.verify(post(body, "application/json"))).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no "event" string field for the event type.`,
      });
    }
    expect((await typed.verify(post('{"event":"e"}', "application/json", "&action=row"))).type).toBe("e");
  });

  it("reads idField as a non-empty string or a finite number only", async () => {
    const r = genericJson({ code: CODE, idField: "id" });
    const id = async (body: string) => (await r.verify(post(body, "application/json"))).id;
    expect(await id('{"id":"a"}')).toBe("a");
    expect(await id('{"id":7}')).toBe("7");
    expect(await id('{"id":""}')).toBeUndefined();
    expect(await id('{"id":true}')).toBeUndefined();
    expect(await id('{"id":1e999}')).toBeUndefined();
    expect(await id("null")).toBeUndefined();
    expect((await r.verify(post("{}", "application/json"))).provider).toBe("generic-json");
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = genericJson({ code: CODE, maxBodyBytes: 1 });
    expect(await codeOf(small.verify(post("{}", "application/json")))).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as tweet when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("tweet");
  });
});

describe("generic-json — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/ifttt-make-a-web-request.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/ifttt-make-a-web-request.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("generic-json — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("generic-json — cases found by the third mutation run", () => {
  it("idField reads a field of an object body only: an array or a text body has no id, even for idField length", async () => {
    const receiver = genericJson({ code: CODE, idField: "length", accept: ["text"] });
    const array = await receiver.verify(await genericJsonTestRequest({ secret: CODE, payload: "[1,2,3]" }));
    expect(array.id).toBeUndefined();
    const text = await receiver.verify(
      await genericJsonTestRequest({
        secret: CODE,
        payload: "hello",
        headers: { "content-type": "text/plain" },
      }),
    );
    expect([text.payload, text.id]).toEqual(["hello", undefined]);
    const object = await receiver.verify(
      await genericJsonTestRequest({ secret: CODE, payload: { length: 7 } }),
    );
    expect(object.id).toBe("7");
  });

  it("setup refusals: codes, and the header option named", () => {
    expect(() => genericJson({ code: CODE, idField: "" })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => genericJson({ code: CODE, accept: ["xml" as never] })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => genericJson({ header: {} })).toThrow(/^\[@hookwire\/generic-json\] The header option needs/);
  });

  it("a body without content type is refused as (none)", async () => {
    const sent = await genericJsonTestRequest({ secret: CODE, payload: { a: 1 } });
    const headers = Object.fromEntries(sent.headers);
    delete headers["content-type"];
    const bare = new Request(sent.url, {
      method: "POST",
      body: new Blob(['{"a":1}']).stream(),
      headers,
      duplex: "half",
    } as RequestInit);
    await expect(genericJson({ code: CODE }).verify(bare)).rejects.toThrow(
      /Content-Type \(none\) is not accepted/,
    );
  });

  it("the descriptor tells the CLI the event is the ?action= query parameter", () => {
    expect(descriptor.eventOption).toMatch(/\?action=/);
  });
});
