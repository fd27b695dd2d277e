/**
 * Remembers which event ids were processed, so that a redelivery is acknowledged without running
 * handlers twice. Implement it on Redis or a database for several processes.
 *
 * @example
 * ```ts
 * const store: IdempotencyStore = {
 *   claim: async (key, ttlMs) => (await redis.set(key, "1", "PX", ttlMs, "NX")) === "OK",
 *   release: async (key) => void (await redis.del(key)),
 * };
 * ```
 */
export interface IdempotencyStore {
  /** Claim a key for `ttlMs`; false when it is already claimed (a duplicate). */
  claim(key: string, ttlMs: number): Promise<boolean> | boolean;
  /** Release a claim (the handlers failed, so a redelivery must run them again). */
  release(key: string): Promise<void> | void;
}

/**
 * An in-memory {@link IdempotencyStore} with expiry and a size bound, for one process.
 *
 * @example
 * ```ts
 * createWebhooks({ receivers, idempotency: { store: memoryIdempotencyStore(), ttlMs: 24 * 3600_000 } });
 * ```
 */
export function memoryIdempotencyStore(
  options: { maxEntries?: number; now?: () => number } = {},
): IdempotencyStore & { readonly size: number } {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, number>();
  function sweep(): void {
    const t = now();
    for (const [key, expires] of entries) {
      if (expires <= t) entries.delete(key);
    }
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  }
  return {
    get size() {
      return entries.size;
    },
    claim(key, ttlMs) {
      const t = now();
      const expires = entries.get(key);
      if (expires !== undefined && expires > t) return false;
      if (entries.size >= maxEntries) sweep();
      entries.delete(key);
      entries.set(key, t + ttlMs);
      return true;
    },
    release(key) {
      entries.delete(key);
    },
  };
}
