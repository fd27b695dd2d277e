import { describe, expect, it } from "vitest";
import {
  assertMediaType,
  formToNested,
  formToObject,
  mediaType,
  nestedToForm,
  optionalHeader,
  parseForm,
  parseJson,
  parseJsonObject,
  requireHeader,
} from "./body.js";
import { WebhookError } from "./errors.js";
import type { WebhookRequest } from "./types.js";

const PKG = "@hookwire/x";
const bytes = (text: string) => new TextEncoder().encode(text);

function request(headers: Record<string, string> = {}): WebhookRequest {
  return {
    method: "POST",
    url: "https://example.test/webhooks/x",
    headers: new Headers(headers),
    body: bytes(""),
  };
}

/** The error a call throws (a failing test names what was thrown instead). */
function thrown(fn: () => unknown): WebhookError {
  try {
    fn();
  } catch (error) {
    if (WebhookError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a WebhookError, nothing was thrown");
}

describe("mediaType / assertMediaType", () => {
  it("gives the media type lower-cased and trimmed, without parameters, or an empty string", () => {
    expect(mediaType(request())).toBe("");
    expect(mediaType(request({ "content-type": "application/json" }))).toBe("application/json");
    expect(mediaType(request({ "content-type": "Application/JSON; charset=UTF-8" }))).toBe(
      "application/json",
    );
    expect(mediaType(request({ "content-type": "Text/Plain" }))).toBe("text/plain");
    expect(mediaType(request({ "content-type": "application/x-www-form-urlencoded ;charset=utf-8" }))).toBe(
      "application/x-www-form-urlencoded",
    );
    // parameters only: no media type at all
    expect(mediaType(request({ "content-type": ";charset=utf-8" }))).toBe("");
  });

  it("accepts the listed types and +json suffixes as application/json, and names the type it refuses", () => {
    const json = ["application/json"];
    expect(assertMediaType(request({ "content-type": "application/json; charset=utf-8" }), json, PKG)).toBe(
      "application/json",
    );
    expect(assertMediaType(request({ "content-type": "application/vnd.api+json" }), json, PKG)).toBe(
      "application/json",
    );
    const refused = thrown(() =>
      assertMediaType(
        request({ "content-type": "Text/Plain; charset=utf-8" }),
        ["application/json", "application/x-www-form-urlencoded"],
        PKG,
      ),
    );
    expect(refused.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(refused.status).toBe(415);
    expect(refused.message).toBe(
      '[@hookwire/x] Content-Type "text/plain" is not accepted; expected application/json or application/x-www-form-urlencoded.',
    );
    expect(thrown(() => assertMediaType(request(), json, PKG)).message).toBe(
      "[@hookwire/x] Content-Type (none) is not accepted; expected application/json.",
    );
    // "+json" must end the type, not start it
    expect(thrown(() => assertMediaType(request({ "content-type": "+json/x" }), json, PKG)).code).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });
});

describe("parseJson / parseJsonObject", () => {
  it("parses bytes and strings", () => {
    expect(parseJson(bytes('{"a":"ü"}'), PKG)).toEqual({ a: "ü" });
    expect(parseJson('{"a":1}', PKG)).toEqual({ a: 1 });
    expect(parseJson("[1,2]", PKG)).toEqual([1, 2]);
  });

  it("refuses invalid JSON with PAYLOAD_INVALID keeping the SyntaxError as cause", () => {
    const error = thrown(() => parseJson(bytes("{nope"), PKG));
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.message).toBe("[@hookwire/x] The body is not valid JSON.");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("parseJsonObject refuses arrays, null and scalars", () => {
    expect(parseJsonObject('{"a":1}', PKG)).toEqual({ a: 1 });
    for (const text of ["[]", "[{}]", "null", "1", '"s"', "true"]) {
      const error = thrown(() => parseJsonObject(text, PKG));
      expect(error.code).toBe("PAYLOAD_INVALID");
      expect(error.message).toBe("[@hookwire/x] The body is JSON but not an object.");
    }
  });
});

describe("requireHeader / optionalHeader", () => {
  it("returns a present header and refuses an absent or blank one, with HEADER_INVALID or the code given", () => {
    expect(requireHeader(request({ "x-event": "push" }), "x-event", PKG)).toBe("push");
    for (const headers of [{}, { "x-event": "" }, { "x-event": "  \t" }] as Record<string, string>[]) {
      const error = thrown(() => requireHeader(request(headers), "x-event", PKG));
      expect(error.code).toBe("HEADER_INVALID");
      expect(error.status).toBe(400);
      expect(error.message).toBe("[@hookwire/x] The x-event header is missing.");
    }
    // a header reader that keeps surrounding whitespace (Web Headers strip it): blank still refused
    const padded: WebhookRequest = { ...request(), headers: { get: () => " \t ", *[Symbol.iterator]() {} } };
    expect(thrown(() => requireHeader(padded, "x-event", PKG)).code).toBe("HEADER_INVALID");
    const missing = thrown(() => requireHeader(request(), "x-sig", PKG, "SIGNATURE_MISSING"));
    expect(missing.code).toBe("SIGNATURE_MISSING");
    expect(missing.status).toBe(401);
  });

  it("optionalHeader trims, and drops an absent or blank header", () => {
    expect(optionalHeader(request({ "x-id": " e1 " }), "x-id")).toBe("e1");
    expect(optionalHeader(request({ "x-id": " " }), "x-id")).toBeUndefined();
    expect(optionalHeader(request(), "x-id")).toBeUndefined();
  });
});

describe("form bodies", () => {
  it("parseForm reads bytes and strings; formToObject keeps the last of repeated keys", () => {
    expect(parseForm(bytes("a=1&b=%C3%BC&a=2")).getAll("a")).toEqual(["1", "2"]);
    expect(parseForm("payload=%7B%7D").get("payload")).toBe("{}");
    expect(formToObject(parseForm("a=1&b=x+y&a=2"))).toEqual({ a: "2", b: "x y" });
  });

  it("formToNested builds nested objects from bracket keys, the last value winning", () => {
    const nested = formToNested(
      new URLSearchParams(
        "type=subscribe&data[email]=a@b.c&data[merges][EMAIL]=a&data[merges][FNAME]=Ann&data[merges][EMAIL]=b",
      ),
    );
    expect(nested).toEqual({
      type: "subscribe",
      data: { email: "a@b.c", merges: { EMAIL: "b", FNAME: "Ann" } },
    });
    // a plain value later used as a parent becomes an object
    expect(formToNested(new URLSearchParams("a=1&a[b]=2"))).toEqual({ a: { b: "2" } });
    // only a closing bracket at the end (or before an opening one) separates parts
    expect(formToNested(new URLSearchParams("a]b=1"))).toEqual({ "a]b": "1" });
    // an empty first part is kept
    expect(formToNested(new URLSearchParams("=v&[x]=1"))).toEqual({ "": { x: "1" } });
    expect(formToNested(new URLSearchParams("=v"))).toEqual({ "": "v" });
  });

  it("formToNested drops a key naming a prototype property anywhere in its path", () => {
    const nested = formToNested(
      new URLSearchParams("__proto__[polluted]=1&a[constructor][x]=2&b[prototype]=3&c[__proto__]=4&ok=5"),
    );
    expect(Object.keys(nested)).toEqual(["ok"]);
    expect(nested).toEqual({ ok: "5" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("nestedToForm is the inverse of formToNested; empty objects give nothing, null and undefined an empty value", () => {
    const value = { type: "subscribe", data: { email: "a@b.c", merges: { EMAIL: "a" } }, n: 0 };
    const text = nestedToForm(value);
    expect(text).toBe("type=subscribe&data%5Bemail%5D=a%40b.c&data%5Bmerges%5D%5BEMAIL%5D=a&n=0");
    expect(formToNested(new URLSearchParams(text))).toEqual({ ...value, n: "0" });
    expect(nestedToForm({ a: {}, b: 1 })).toBe("b=1");
    expect(nestedToForm({ a: null, b: undefined, c: false })).toBe("a=&b=&c=false");
    expect(nestedToForm({ x: "1" }, "p")).toBe("p%5Bx%5D=1");
  });
});
