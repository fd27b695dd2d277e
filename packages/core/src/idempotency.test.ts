// memoryIdempotencyStore on its own: expiry at the exact instant, release, and what is evicted when full.
import { describe, expect, it } from "vitest";
import { memoryIdempotencyStore } from "./idempotency.js";

describe("memoryIdempotencyStore", () => {
  it("refuses a claimed key until its ttl has passed, to the millisecond, and after release", () => {
    let t = 1_000;
    const store = memoryIdempotencyStore({ now: () => t });
    expect(store.claim("a", 50)).toBe(true);
    expect(store.claim("a", 50)).toBe(false);
    t = 1_049;
    expect(store.claim("a", 50)).toBe(false);
    t = 1_050; // expires at claim time + ttl
    expect(store.claim("a", 50)).toBe(true);
    store.release("a");
    expect(store.claim("a", 50)).toBe(true);
    expect(store.size).toBe(1);
  });

  it("uses the real clock by default", () => {
    const store = memoryIdempotencyStore();
    expect(store.claim("a", 60_000)).toBe(true);
    expect(store.claim("a", 60_000)).toBe(false);
    expect(store.claim("b", 0)).toBe(true);
    expect(store.claim("b", 0)).toBe(true);
  });

  it("when full, drops expired keys first — expiring at that instant included — then the oldest claims", () => {
    let t = 0;
    const store = memoryIdempotencyStore({ maxEntries: 3, now: () => t });
    store.claim("long", 1_000);
    store.claim("short", 10);
    store.claim("other", 1_000);
    t = 10; // "short" expires now: dropped, the older "long" kept
    expect(store.claim("new", 1_000)).toBe(true);
    expect(store.size).toBe(3);
    expect(store.claim("long", 1_000)).toBe(false);
    // nothing expired: the oldest claim makes room
    expect(store.claim("newest", 1_000)).toBe(true);
    expect(store.size).toBe(3);
    expect(store.claim("long", 1_000)).toBe(true);
  });

  it("counts a renewed claim as the newest", () => {
    let t = 0;
    const store = memoryIdempotencyStore({ maxEntries: 3, now: () => t });
    store.claim("a", 5);
    store.claim("b", 100);
    t = 5;
    expect(store.claim("a", 100)).toBe(true); // expired, claimed again: now after "b"
    store.claim("c", 100);
    t = 6;
    store.claim("d", 100); // full: "b" is the oldest claim
    expect(store.claim("a", 100)).toBe(false);
    expect(store.claim("b", 100)).toBe(true);
  });

  it("holds 100 000 keys by default", () => {
    const store = memoryIdempotencyStore({ now: () => 0 });
    for (let i = 0; i < 100_000; i++) store.claim(`k${i}`, 1_000);
    expect(store.size).toBe(100_000);
    expect(store.claim("k0", 1_000)).toBe(false);
    expect(store.claim("one more", 1_000)).toBe(true);
    expect(store.size).toBe(100_000);
    expect(store.claim("k0", 1_000)).toBe(true);
  });
});
