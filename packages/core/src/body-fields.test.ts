import { describe, expect, it } from "vitest";
import { optionalString, requireStringField } from "./body.js";
import { WebhookError } from "./errors.js";

describe("requireStringField / optionalString", () => {
  it("returns a non-empty string field, and refuses a missing, empty or non-string one with PAYLOAD_INVALID naming it", () => {
    expect(requireStringField({ type: "page.created" }, "type", "@hookwire/x")).toBe("page.created");
    for (const body of [{}, { type: "" }, { type: 1 }, { type: null }, { type: ["a"] }]) {
      let caught: unknown;
      try {
        requireStringField(body, "type", "@hookwire/x");
      } catch (error) {
        caught = error;
      }
      expect(WebhookError.isInstance(caught) && caught.code).toBe("PAYLOAD_INVALID");
      expect((caught as Error).message).toContain('[@hookwire/x] The body has no "type".');
    }
  });

  it("optionalString keeps a non-empty string and drops everything else", () => {
    expect(optionalString("evt_1")).toBe("evt_1");
    for (const value of ["", 1, null, undefined, {}, ["x"]]) expect(optionalString(value)).toBeUndefined();
  });
});
