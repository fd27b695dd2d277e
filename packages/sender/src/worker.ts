import type { attempter } from "./attempt.js";
import type { SenderContext } from "./context.js";
import type { Worker, WorkerOptions } from "./sender.js";
import type { LeasedDelivery } from "./types.js";

type Attempt = ReturnType<typeof attempter>;

/** Weight of the newest sample in the moving averages of lease and attempt durations. */
const SMOOTHING = 0.2;

/**
 * The delivery loop, as a pipeline that keeps `concurrency` requests under way:
 *
 * - a slot is freed as soon as its response has arrived; the outcome is then recorded in the
 *   background (group commit) while the slot already sends the next delivery;
 * - one lease is under way at a time, for at least twice as many deliveries as slots (one round trip
 *   serves many deliveries); the worker holds that batch leased ahead of the slots, plus as many as free
 *   up during one lease (`concurrency × lease time ÷ attempt time`; at most four times `concurrency` in all), so
 *   the next lease starts while the slots still have work and no slot idles for a round trip;
 * - when a lease comes back short, the store is running dry (or its caps hold the rest back): the
 *   deliveries held ahead of the slots would wait here while other workers' slots may be free, so they are
 *   handed back, due at once, and the worker leases only for its free slots (and one more, to notice when
 *   the store has plenty again) until a lease comes back full. The last deliveries of a batch go to
 *   whichever worker frees a slot first, instead of waiting behind the slots of the worker that leased them;
 * - when the store has nothing due, the loop waits for a NOTIFY (PostgreSQL), a freed slot (the
 *   per-subscription cap may have room again) or the poll interval, whichever comes first.
 *
 * Leased deliveries not started when the worker stops are handed back (due again at once).
 */
export function createWorker(
  ctx: SenderContext,
  attempt: Attempt,
  workerOptions: WorkerOptions = {},
): Worker {
  const { store } = ctx;
  const concurrency = Math.max(1, workerOptions.concurrency ?? 10);
  const perSubscription = Math.max(1, workerOptions.perSubscriptionConcurrency ?? Math.ceil(concurrency / 4));
  const pollIntervalMs = workerOptions.pollIntervalMs ?? 500;
  const leaseMs = workerOptions.leaseMs ?? ctx.timeoutMs * 2 + 5_000;
  /**
   * Attempts not finished, recording included, before the worker stops sending (the store is slower
   * than the endpoints): the slots, plus what arrives during a few group commits. Where endpoints answer
   * at once and a commit waits for a busy database server, a commit's worth of outcomes is several times
   * the slots; a tighter bound would idle slots behind the recorder rather than protect memory.
   */
  const maxUnrecorded = concurrency * 8;
  /**
   * The smallest lease worth a round trip, unless slots would idle without it: twice the slots. A
   * lease's cost is mostly per call (a transaction, round trips, planning), so fewer, larger leases
   * leave more of the CPU to the requests.
   */
  const batch = concurrency * 2;
  /**
   * The most held leased ahead of the slots. A lease that waits for a busy database server (tens of
   * milliseconds) must start while the queue still holds that long's worth of deliveries.
   */
  const maxAhead = concurrency * 4;
  /** Leased, not started yet, with when their lease ends. */
  const queue: Array<{ item: LeasedDelivery; startBy: number }> = [];
  /** Attempts not finished, recording included. */
  const tasks = new Set<Promise<void>>();
  let sending = 0;
  let leaseAvg = 0;
  let attemptAvg = 0;
  let running = false;
  /** The last lease came back short: lease for the free slots only, hold nothing ahead. */
  let draining = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let controller = new AbortController();

  const kick = () => wake?.();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        if (wake === done) wake = undefined;
        resolve();
      }
      wake = done;
    });

  function start(item: LeasedDelivery): void {
    sending++;
    const began = performance.now();
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      sending--;
      attemptAvg += SMOOTHING * (performance.now() - began - attemptAvg);
      fill();
      kick();
    };
    const task: Promise<void> = attempt(item, free)
      .then(
        () => {},
        () => {
          // a store failure while recording: the lease expires and the delivery is retried
        },
      )
      .finally(() => {
        free();
        tasks.delete(task);
        fill();
        kick();
      });
    tasks.add(task);
  }

  /** Start queued deliveries in the free slots; a delivery whose lease is nearly over is left to expire. */
  function fill(): void {
    while (running && sending < concurrency && queue.length > 0 && tasks.size < maxUnrecorded) {
      const next = queue.shift()!;
      if (ctx.now() < next.startBy) start(next.item);
    }
  }

  /**
   * How many deliveries to hold leased beyond the slots: the next batch, plus those that free while a
   * lease is under way — so that the next lease starts while the slots still have work for its duration.
   */
  function ahead(): number {
    if (draining) return 1;
    const cover = attemptAvg > 0 ? Math.ceil((concurrency * leaseAvg) / attemptAvg) : 0;
    return Math.min(maxAhead, batch + cover);
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await ctx.ready();
        break;
      } catch {
        await sleep(pollIntervalMs); // the store is unreachable for now; try again
      }
    }
    while (running) {
      const want = concurrency + ahead() - sending - queue.length;
      const idleSlots = queue.length === 0 && sending < concurrency;
      if ((want < batch && !idleSlots) || want <= 0 || tasks.size >= maxUnrecorded) {
        await sleep(pollIntervalMs); // full: a freed slot wakes the loop
        continue;
      }
      let leased: LeasedDelivery[];
      const began = performance.now();
      const now = ctx.now();
      try {
        leased = await store.lease({ now, limit: want, leaseMs, hold: ["paused"], perSubscription });
      } catch {
        await sleep(pollIntervalMs); // the store is unreachable for now; try again
        continue;
      }
      leaseAvg += SMOOTHING * (performance.now() - began - leaseAvg);
      const startBy = now + leaseMs / 2;
      for (const item of leased) queue.push({ item, startBy });
      fill();
      if (!running) break;
      if (leased.length === want) {
        draining = false;
        continue; // there may be more due right now
      }
      draining = true;
      await handBack();
      if (!running) break;
      // Nothing more due, or the caps hold the rest back: wait for a NOTIFY, a freed slot or the poll.
      const idle = sleep(pollIntervalMs);
      if (store.waitForWork) {
        const waiting = new AbortController();
        const stopWaiting = () => waiting.abort();
        controller.signal.addEventListener("abort", stopWaiting);
        await Promise.race([store.waitForWork(pollIntervalMs, waiting.signal), idle]);
        controller.signal.removeEventListener("abort", stopWaiting);
        waiting.abort();
      } else await idle;
      kick();
    }
    await release(queue.splice(0).map((q) => q.item));
  }

  /**
   * Hand back the deliveries held ahead of the slots, for any worker with a free slot to lease. Those of a
   * rate-limited subscription stay: their lease has used up part of the subscription's allowance.
   */
  async function handBack(): Promise<void> {
    const kept: typeof queue = [];
    const back: LeasedDelivery[] = [];
    for (const q of queue.splice(0)) {
      if (q.item.subscription?.rateLimit != null) kept.push(q);
      else back.push(q.item);
    }
    queue.push(...kept);
    await release(back);
  }

  /** Hand leased deliveries that were never started back to the store, due again now. */
  async function release(items: LeasedDelivery[]): Promise<void> {
    if (items.length === 0) return;
    await store
      .completeMany(
        items.map((leased) => ({
          leased,
          status: "pending" as const,
          nextAttemptAt: leased.delivery.nextAttemptAt ?? ctx.now(),
          error: leased.delivery.lastError,
        })),
      )
      .catch(() => {
        // unreachable store: the leases expire instead
      });
  }

  return {
    get inFlight() {
      return sending;
    },
    start() {
      if (running) return;
      running = true;
      controller = new AbortController();
      loop = run().catch(() => {
        running = false;
      });
    },
    async stop() {
      running = false;
      controller.abort();
      kick();
      await loop;
      await Promise.allSettled([...tasks]);
    },
  };
}

/** Process due deliveries once, until none is due. */
export async function drain(ctx: SenderContext, attempt: Attempt, limit = 10_000): Promise<number> {
  await ctx.ready();
  let made = 0;
  while (made < limit) {
    const leased = await ctx.store.lease({
      now: ctx.now(),
      limit: Math.min(50, limit - made),
      leaseMs: ctx.timeoutMs * 2 + 5_000,
      hold: ["paused"],
    });
    if (leased.length === 0) break;
    const sent = await Promise.all(leased.map((item) => attempt(item)));
    made += sent.filter(Boolean).length;
  }
  return made;
}
