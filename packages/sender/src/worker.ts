import type { attempter } from "./attempt.js";
import type { SenderContext } from "./context.js";
import type { Worker, WorkerOptions } from "./sender.js";
import type { LeasedDelivery } from "./types.js";

type Attempt = ReturnType<typeof attempter>;

/**
 * The delivery loop: lease a batch of due deliveries (one store round trip), run their attempts,
 * lease again when a quarter of the slots are free; sleep (or wait for a NOTIFY) when nothing is due.
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
  const leaseBatch = Math.max(1, Math.ceil(concurrency / 4));
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let controller = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

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
      let free = concurrency - inFlight.size;
      // Lease in batches without leaving slots idle: once a slot frees, let the rest of this turn of
      // the event loop finish (the outcomes recorded by one group commit free their slots together),
      // then lease for every free slot in one store round trip.
      if (free > 0 && free < leaseBatch && inFlight.size > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        free = concurrency - inFlight.size;
      }
      let leased: LeasedDelivery[] = [];
      if (free > 0) {
        try {
          leased = await store.lease({
            now: ctx.now(),
            limit: free,
            leaseMs,
            hold: ["paused"],
            perSubscription,
          });
        } catch {
          await sleep(pollIntervalMs); // the store is unreachable for now; try again
          continue;
        }
      }
      for (const item of leased) {
        const task: Promise<void> = attempt(item)
          .then(() => {})
          .catch(() => {
            // a store failure while recording: the lease expires and the delivery is retried
          })
          .finally(() => {
            inFlight.delete(task);
            wake?.();
          });
        inFlight.add(task);
      }
      if (!running) break;
      if (free > 0 && leased.length === free) continue; // there may be more due right now
      if (inFlight.size >= concurrency)
        await sleep(pollIntervalMs); // full: a finished attempt wakes the loop
      else if (store.waitForWork)
        await Promise.race([store.waitForWork(pollIntervalMs, controller.signal), sleep(pollIntervalMs)]);
      else await sleep(pollIntervalMs);
    }
  }

  return {
    get inFlight() {
      return inFlight.size;
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
      wake?.();
      await loop;
      await Promise.allSettled([...inFlight]);
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
