/** The default retry schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts). */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
];

/**
 * When the attempt after `attemptsMade` is due, or null when the schedule is exhausted. Delays get
 * ±`jitter` (default 20 %); a `Retry-After` from the receiver is honoured between the scheduled delay
 * and `maxRetryAfterMs`.
 *
 * @example
 * ```ts
 * nextAttemptAt(1, Date.now(), { schedule: DEFAULT_RETRY_SCHEDULE }) // ≈ now + 5 s ± 20 %
 * ```
 */
export function nextAttemptAt(
  attemptsMade: number,
  now: number,
  options: {
    schedule: readonly number[];
    jitter?: number;
    retryAfterMs?: number | null;
    maxRetryAfterMs?: number;
    random?: () => number;
  },
): number | null {
  if (attemptsMade >= options.schedule.length) return null;
  const base = options.schedule[attemptsMade]!;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  let delay = Math.round(base * (1 + (random() * 2 - 1) * jitter));
  if (options.retryAfterMs != null && options.retryAfterMs > delay) {
    delay = Math.min(options.retryAfterMs, options.maxRetryAfterMs ?? 3600_000);
  }
  return now + Math.max(0, delay);
}

/**
 * A `Retry-After` header value in milliseconds (seconds or an HTTP date), or null.
 *
 * @example
 * ```ts
 * parseRetryAfter("120", Date.now()) // 120000
 * ```
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
