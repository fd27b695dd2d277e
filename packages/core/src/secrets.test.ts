// Secret options and the timestamp window on their own (cases found by mutation testing, see docs/mutation.md).
import { describe, expect, it, vi } from "vitest";
import { utf8 } from "./encoding.js";
import type { WebhookError } from "./errors.js";
import { assertSecretOption, resolveSecrets, secretResolver } from "./secrets.js";
import {
  assertTimestamp,
  checkTolerance,
  DEFAULT_TOLERANCE_SECONDS,
  parseTimestampSeconds,
} from "./timestamp.js";
import type { WebhookRequest } from "./types.js";

const request: WebhookRequest = {
  method: "POST",
  url: "https://x/h",
  headers: new Headers(),
  body: utf8(""),
};
const failure = (run: () => unknown): WebhookError => {
  try {
    run();
  } catch (error) {
    return error as WebhookError;
  }
  throw new Error("expected a refusal");
};

describe("assertTimestamp", () => {
  const at = 1_700_000_000;
  const check = (seconds: number, toleranceSeconds?: number) =>
    assertTimestamp(seconds, {
      packageName: "@t/ts",
      now: () => at * 1000,
      ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
    });

  it("accepts 300 s either way by default and says how far and which way a refused one is", () => {
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
    expect(() => check(at - 300)).not.toThrow();
    expect(() => check(at + 300)).not.toThrow();
    const past = failure(() => check(at - 301));
    expect([past.code, past.message]).toEqual([
      "TIMESTAMP_OUT_OF_TOLERANCE",
      "[@t/ts] The signed timestamp is 301 s in the past, beyond the tolerance of 300 s.",
    ]);
    expect(failure(() => check(at + 302)).message).toBe(
      "[@t/ts] The signed timestamp is 302 s in the future, beyond the tolerance of 300 s.",
    );
    expect(failure(() => check(at - 20, 10)).message).toMatch(
      /20 s in the past, beyond the tolerance of 10 s/,
    );
  });

  it("turns off with Infinity, refuses what is not a number, and reads the real clock by default", () => {
    expect(() => check(0, Number.POSITIVE_INFINITY)).not.toThrow();
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = failure(() => check(value, Number.POSITIVE_INFINITY));
      expect([error.code, error.message]).toEqual([
        "TIMESTAMP_OUT_OF_TOLERANCE",
        "[@t/ts] The signed timestamp is not a number.",
      ]);
    }
    expect(() => assertTimestamp(Date.now() / 1000, { packageName: "@t/ts" })).not.toThrow();
    expect(() => assertTimestamp(at, { packageName: "@t/ts" })).toThrow(/in the past/);
  });
});

describe("checkTolerance", () => {
  it("takes 0 or more seconds and Infinity, falls back when not given, and refuses the rest with a coded error", () => {
    expect(checkTolerance(undefined, "@t/ts")).toBe(300);
    expect(checkTolerance(undefined, "@t/ts", 600)).toBe(600);
    expect(checkTolerance(0, "@t/ts", 600)).toBe(0);
    expect(checkTolerance(42, "@t/ts")).toBe(42);
    expect(checkTolerance(Number.POSITIVE_INFINITY, "@t/ts")).toBe(Number.POSITIVE_INFINITY);
    for (const bad of [-1, -0.5, Number.NaN, Number.NEGATIVE_INFINITY, "300" as unknown as number]) {
      const error = failure(() => checkTolerance(bad, "@t/ts"));
      expect([error.code, error.status, error.message]).toEqual([
        "CONFIGURATION_INVALID",
        500,
        `[@t/ts] toleranceSeconds must be a number of seconds, 0 or more (Infinity turns the timestamp check off); got ${String(bad)}.`,
      ]);
    }
  });

  it("is what assertTimestamp applies: a negative tolerance is a configuration error, not an expired request", () => {
    const error = failure(() =>
      assertTimestamp(1_700_000_000, {
        packageName: "@t/ts",
        now: () => 1_700_000_000_000,
        toleranceSeconds: -1,
      }),
    );
    expect(error.code).toBe("CONFIGURATION_INVALID");
  });
});

describe("parseTimestampSeconds", () => {
  it("reads 1 to 15 digits, trimmed, and nothing else", () => {
    expect(parseTimestampSeconds("1700000000", "x-ts", "@t/ts")).toBe(1_700_000_000);
    expect(parseTimestampSeconds(" 7 ", "x-ts", "@t/ts")).toBe(7);
    expect(parseTimestampSeconds("9".repeat(15), "x-ts", "@t/ts")).toBe(999_999_999_999_999);
    for (const value of [null, undefined, "", "9".repeat(16), "-1", "1.5", "1e3", "12a", "a12"]) {
      const error = failure(() => parseTimestampSeconds(value, "x-ts", "@t/ts"));
      expect([value, error.code, error.message]).toEqual([
        value,
        "HEADER_INVALID",
        "[@t/ts] The x-ts header is missing or not a whole number of seconds.",
      ]);
    }
  });
});

describe("secret options", () => {
  it("resolves a string, a list without its empty entries, or a function, naming the option when none is left", async () => {
    expect(resolveSecrets("a", request, "@t/s")).toEqual(["a"]);
    expect(resolveSecrets(["", "a", "b"], request, "@t/s")).toEqual(["a", "b"]);
    expect(await resolveSecrets(() => "c", request, "@t/s")).toEqual(["c"]);
    expect(await resolveSecrets(async () => ["d", ""], request, "@t/s")).toEqual(["d"]);
    expect(failure(() => resolveSecrets(["", ""], request, "@t/s")).message).toBe(
      '[@t/s] No secret is configured for this request. Pass { secret: "…" } (a string, a list for rotation, or a function of the request).',
    );
    const missing = await (
      resolveSecrets(async () => undefined, request, "@t/s", "webhookId") as Promise<string[]>
    ).catch((e: WebhookError) => e);
    expect((missing as WebhookError).message).toMatch(/No webhookId is configured.*\{ webhookId: "…" \}/);
  });

  it("checks a static option at creation: unset list entries skipped, empty or non-string ones named by index", () => {
    expect(() => assertSecretOption(() => undefined, "@t/s")).not.toThrow();
    expect(() => assertSecretOption("a", "@t/s")).not.toThrow();
    expect(() => assertSecretOption([undefined, "a"] as unknown as string[], "@t/s")).not.toThrow();
    expect(() => assertSecretOption([null, "a"] as unknown as string[], "@t/s")).not.toThrow();
    expect(failure(() => assertSecretOption(["a", ""], "@t/s", "signingSecret")).message).toBe(
      "[@t/s] signingSecret[1] is an empty string. Remove it from the list or give it the secret's value.",
    );
    expect(failure(() => assertSecretOption(["a", 7] as unknown as string[], "@t/s")).message).toMatch(
      /secret\[1\] is not a string \(number\)\./,
    );
    for (const input of [undefined, "", [], [undefined]] as unknown as string[][]) {
      const error = failure(() => assertSecretOption(input, "@t/s"));
      expect([error.code, error.message]).toEqual([
        "CONFIGURATION_INVALID",
        "[@t/s] The secret option is missing or empty. Pass { secret: process.env.… } — a string, a list for rotation, or a function of the request.",
      ]);
    }
  });

  it("prepares a static secret once and calls a function per request", async () => {
    const resolve = secretResolver(["a", "", "b"], "@t/s");
    const first = resolve(request);
    expect(first).toEqual(["a", "b"]);
    expect(resolve(request)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const lookup = vi.fn(async () => "t");
    const perRequest = secretResolver(lookup, "@t/s");
    expect(await perRequest(request)).toEqual(["t"]);
    expect(await perRequest(request)).toEqual(["t"]);
    expect(lookup).toHaveBeenCalledTimes(2);
    // no usable static secret: refused per request, not when prepared
    const unusable = secretResolver("", "@t/s", "code");
    expect(failure(() => unusable(request)).message).toMatch(/No code is configured for this request/);
  });
});

describe("secret options — survivors of the second core run", () => {
  it("skips unset entries of a list (environment variables not set) when resolving, statically or per request", async () => {
    const fromEnv = [undefined, "a", null, "b"] as unknown as string[];
    expect(resolveSecrets(fromEnv, request, "@t/s")).toEqual(["a", "b"]);
    expect(await resolveSecrets(() => fromEnv, request, "@t/s")).toEqual(["a", "b"]);
    expect(secretResolver(fromEnv, "@t/s")(request)).toEqual(["a", "b"]);
  });

  it("gives an empty or non-string list entry the CONFIGURATION_INVALID code", () => {
    for (const input of [
      ["a", ""],
      ["a", 7],
    ] as unknown as string[][]) {
      expect(failure(() => assertSecretOption(input, "@t/s")).code).toBe("CONFIGURATION_INVALID");
    }
  });
});
