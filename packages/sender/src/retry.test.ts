import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseRetryAfter } from "./retry.js";

describe("retry schedule", () => {
  it("defaults to immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it("keeps each delay within ±20 % jitter, and ends when the schedule is exhausted", () => {
    const schedule = DEFAULT_RETRY_SCHEDULE;
    expect(nextAttemptAt(1, 0, { schedule, random: () => 0 })).toBe(4_000);
    expect(nextAttemptAt(1, 0, { schedule, random: () => 1 })).toBe(6_000);
    expect(nextAttemptAt(2, 0, { schedule, random: () => 0.5 })).toBe(300_000);
    for (let i = 0; i < 200; i++) {
      const at = nextAttemptAt(3, 0, { schedule })!;
      expect(at).toBeGreaterThanOrEqual(1_440_000);
      expect(at).toBeLessThanOrEqual(2_160_000);
    }
    expect(nextAttemptAt(7, 0, { schedule, random: () => 0.5 })).toBe(36_000_000);
    expect(nextAttemptAt(8, 0, { schedule })).toBeNull();
  });

  it("honours a longer Retry-After up to the bound, and never shortens the schedule", () => {
    const schedule = [0, 10_000];
    const base = { schedule, jitter: 0, maxRetryAfterMs: 60_000 };
    expect(nextAttemptAt(1, 100, { ...base, retryAfterMs: 30_000 })).toBe(30_100);
    expect(nextAttemptAt(1, 100, { ...base, retryAfterMs: 3_600_000 })).toBe(60_100);
    expect(nextAttemptAt(1, 100, { ...base, retryAfterMs: 1_000 })).toBe(10_100);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
