import type { HookwireSender } from "@hookwire/sender";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of a sender, collected from its events (`sender.on`): no change to the sender
 * and nothing recorded on the delivery path beyond a few counters.
 *
 * @example
 * ```ts
 * const metrics = createMetrics(sender);
 * const text = await metrics.render(); // Prometheus text exposition format 0.0.4
 * ```
 */
export function createMetrics(sender: HookwireSender) {
  const counters = new Map<string, number>();
  const durations = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
  const add = (key: string, n = 1) => counters.set(key, (counters.get(key) ?? 0) + n);
  const observe = (ms: number) => {
    const s = ms / 1000;
    durations.sum += s;
    durations.count++;
    BUCKETS.forEach((le, i) => {
      if (s <= le) durations.buckets[i]!++;
    });
  };
  const off = [
    sender.on("event.published", ({ deliveries }) => {
      add("events");
      add("fanout", deliveries);
    }),
    sender.on("delivery.succeeded", ({ attempt }) => {
      add('attempts{outcome="success"}');
      observe(attempt.durationMs);
    }),
    sender.on("delivery.attempt_failed", ({ attempt }) => {
      add('attempts{outcome="failure"}');
      add("retries");
      observe(attempt.durationMs);
    }),
    sender.on("delivery.failed", ({ attempt }) => {
      add('attempts{outcome="failure"}');
      add("dead");
      observe(attempt.durationMs);
    }),
    sender.on("delivery.requeued", () => add("requeued")),
    sender.on("subscription.disabled", ({ reason }) => add(`disabled{reason="${reason}"}`)),
  ];

  function counter(name: string, help: string, keys: [string, string][]): string {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
    for (const [key, labels] of keys) lines.push(`${name}${labels} ${counters.get(key) ?? 0}`);
    return lines.join("\n");
  }

  return {
    /** The exposition text; reads the delivery counts from the store. */
    async render(): Promise<string> {
      const counts = await sender.deliveries.counts();
      const parts = [
        counter("hookwire_events_published_total", "Events published (new ids).", [["events", ""]]),
        counter("hookwire_deliveries_created_total", "Deliveries created by publishing.", [["fanout", ""]]),
        counter("hookwire_delivery_attempts_total", "HTTP delivery attempts by outcome.", [
          ['attempts{outcome="success"}', '{outcome="success"}'],
          ['attempts{outcome="failure"}', '{outcome="failure"}'],
        ]),
        counter("hookwire_delivery_retries_total", "Failed attempts with another attempt scheduled.", [
          ["retries", ""],
        ]),
        counter("hookwire_deliveries_dead_lettered_total", "Deliveries failed for good (dead letters).", [
          ["dead", ""],
        ]),
        counter("hookwire_deliveries_requeued_total", "Deliveries retried or recovered by hand.", [
          ["requeued", ""],
        ]),
        counter(
          "hookwire_subscriptions_disabled_total",
          "Subscriptions disabled, by reason.",
          (["gone", "failing", "manual"] as const).map((r) => [`disabled{reason="${r}"}`, `{reason="${r}"}`]),
        ),
        [
          "# HELP hookwire_delivery_attempt_duration_seconds Time from request to response (or failure).",
          "# TYPE hookwire_delivery_attempt_duration_seconds histogram",
          ...BUCKETS.map(
            (le, i) =>
              `hookwire_delivery_attempt_duration_seconds_bucket{le="${le}"} ${durations.buckets[i]}`,
          ),
          `hookwire_delivery_attempt_duration_seconds_bucket{le="+Inf"} ${durations.count}`,
          `hookwire_delivery_attempt_duration_seconds_sum ${durations.sum}`,
          `hookwire_delivery_attempt_duration_seconds_count ${durations.count}`,
        ].join("\n"),
        [
          "# HELP hookwire_deliveries Deliveries in the store by status.",
          "# TYPE hookwire_deliveries gauge",
          ...(["pending", "delivered", "failed"] as const).map(
            (s) => `hookwire_deliveries{status="${s}"} ${counts[s]}`,
          ),
        ].join("\n"),
      ];
      return `${parts.join("\n")}\n`;
    },
    /** Stop listening to the sender. */
    close(): void {
      for (const f of off) f();
    },
  };
}

/** What {@link createMetrics} returns. */
export type Metrics = ReturnType<typeof createMetrics>;
