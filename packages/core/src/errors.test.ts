import { describe, expect, it } from "vitest";
import { ERROR_STATUS, toWebhookError, WebhookError } from "./errors.js";

describe("WebhookError", () => {
  it("carries code, status, cause and renders a JSON response", async () => {
    const cause = new Error("inner");
    const error = new WebhookError("PAYLOAD_TOO_LARGE", "[@hookwire/core] too big", { cause });
    expect(error.status).toBe(413);
    expect(error.cause).toBe(cause);
    const response = error.toResponse();
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "[@hookwire/core] too big" },
    });
  });

  it("isInstance works across copies of the class (duplicate installs)", () => {
    const foreign = { [Symbol.for("hookwire.error")]: true, code: "SIGNATURE_INVALID" };
    expect(WebhookError.isInstance(foreign)).toBe(true);
    expect(WebhookError.isInstance(new Error("x"))).toBe(false);
    expect(WebhookError.isInstance(null)).toBe(false);
  });

  it("has one status per code in one table", () => {
    expect(ERROR_STATUS.SIGNATURE_INVALID).toBe(401);
    expect(ERROR_STATUS.RECEIVER_NOT_FOUND).toBe(404);
    expect(ERROR_STATUS.RAW_BODY_UNAVAILABLE).toBe(500);
    expect(toWebhookError(new Error("x"), "INTERNAL_ERROR", "m").code).toBe("INTERNAL_ERROR");
  });
});

describe("WebhookError details", () => {
  it("is named WebhookError, has no cause unless given one, and keeps status and header overrides", () => {
    const error = new WebhookError("METHOD_NOT_ALLOWED", "[@hookwire/core] no", {
      status: 418,
      headers: { allow: "POST" },
    });
    expect(error.name).toBe("WebhookError");
    expect(String(error)).toBe("WebhookError: [@hookwire/core] no");
    expect(Object.hasOwn(error, "cause")).toBe(false);
    expect(error.status).toBe(418);
    const response = error.toResponse();
    expect(response.status).toBe(418);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("isInstance is false for undefined and primitives", () => {
    for (const value of [undefined, null, 0, "", "WebhookError", true]) {
      expect(WebhookError.isInstance(value)).toBe(false);
    }
  });

  it("toWebhookError keeps a Hookwire error as it is and wraps anything else with it as cause", () => {
    const coded = new WebhookError("SIGNATURE_INVALID", "m");
    expect(toWebhookError(coded, "INTERNAL_ERROR", "x")).toBe(coded);
    const cause = new TypeError("boom");
    const wrapped = toWebhookError(cause, "PAYLOAD_INVALID", "[@hookwire/core] wrapped");
    expect(wrapped).toMatchObject({
      code: "PAYLOAD_INVALID",
      status: 400,
      message: "[@hookwire/core] wrapped",
    });
    expect(wrapped.cause).toBe(cause);
  });
});
