import { describe, expect, it } from "vitest";
import { jsonResponse, RAW_TEXT, rawText } from "./response.js";

describe("jsonResponse / rawText", () => {
  it("remembers the body text under the registered symbol until the body is read", async () => {
    const response = jsonResponse({ ok: true }, 201, { "x-a": "1" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-a")).toBe("1");
    // a registered symbol: another copy of core (a duplicate install) finds the text too
    expect(RAW_TEXT).toBe(Symbol.for("hookwire.rawText"));
    expect(rawText(response)).toBe('{"ok":true}');
    expect(await response.text()).toBe('{"ok":true}');
    expect(rawText(response)).toBeUndefined();
  });

  it("is undefined for a Response Hookwire did not build", () => {
    expect(rawText(new Response('{"ok":true}'))).toBeUndefined();
    const foreign = new Response("x");
    Object.defineProperty(foreign, RAW_TEXT, { value: 42 });
    expect(rawText(foreign)).toBeUndefined();
  });
});
