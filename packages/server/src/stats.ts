import type { HookwireSender } from "@hookwire/sender";

/** One time bucket of one subscription's attempts. */
export interface StatsPoint {
  /** Bucket start (ms). */
  t: number;
  succeeded: number;
  failed: number;
  /** Mean attempt latency in the bucket (ms). */
  meanMs: number;
}

/**
 * Success rate and latency per subscription over time, from the sender's attempt events in this
 * process (kept in memory for `keepMs`, in `bucketMs` buckets): what the dashboard's charts draw.
 *
 * @example
 * ```ts
 * const stats = createStats(sender);
 * stats.series("acme"); // [{ subscriptionId, points: [{ t, succeeded, failed, meanMs }] }]
 * ```
 */
export function createStats(sender: HookwireSender, options: { bucketMs?: number; keepMs?: number } = {}) {
  const bucketMs = options.bucketMs ?? 60_000;
  const keepMs = options.keepMs ?? 24 * 3600_000;
  // owner → subscription → bucket start → counts
  const data = new Map<string, Map<string, Map<number, { ok: number; fail: number; ms: number }>>>();
  const record = (owner: string, subscriptionId: string, at: number, ok: boolean, ms: number) => {
    let subs = data.get(owner);
    if (!subs) {
      subs = new Map();
      data.set(owner, subs);
    }
    let buckets = subs.get(subscriptionId);
    if (!buckets) {
      buckets = new Map();
      subs.set(subscriptionId, buckets);
    }
    const t = Math.floor(at / bucketMs) * bucketMs;
    let b = buckets.get(t);
    if (!b) {
      // a new bucket: drop the ones older than keepMs (at most keepMs / bucketMs per subscription)
      for (const key of buckets.keys()) if (key < t - keepMs) buckets.delete(key);
      b = { ok: 0, fail: 0, ms: 0 };
      buckets.set(t, b);
    }
    if (ok) b.ok++;
    else b.fail++;
    b.ms += ms;
  };
  const off = [
    sender.on("delivery.succeeded", ({ delivery, attempt }) =>
      record(delivery.owner, delivery.subscriptionId, attempt.startedAt, true, attempt.durationMs),
    ),
    sender.on("delivery.attempt_failed", ({ delivery, attempt }) =>
      record(delivery.owner, delivery.subscriptionId, attempt.startedAt, false, attempt.durationMs),
    ),
    sender.on("delivery.failed", ({ delivery, attempt }) =>
      record(delivery.owner, delivery.subscriptionId, attempt.startedAt, false, attempt.durationMs),
    ),
    sender.on("subscription.deleted", ({ id, owner }) => data.get(owner ?? "")?.delete(id)),
  ];
  return {
    bucketMs,
    /** The owner's series (one subscription's with `subscriptionId`), points in time order. */
    series(owner: string, subscriptionId?: string): { subscriptionId: string; points: StatsPoint[] }[] {
      const subs = data.get(owner);
      if (!subs) return [];
      return [...subs]
        .filter(([id]) => subscriptionId === undefined || id === subscriptionId)
        .map(([id, buckets]) => ({
          subscriptionId: id,
          points: [...buckets]
            .sort((a, b) => a[0] - b[0])
            .map(([t, b]) => ({
              t,
              succeeded: b.ok,
              failed: b.fail,
              meanMs: Math.round(b.ms / (b.ok + b.fail)),
            })),
        }));
    },
    close(): void {
      for (const f of off) f();
    },
  };
}

/** What {@link createStats} returns. */
export type Stats = ReturnType<typeof createStats>;
