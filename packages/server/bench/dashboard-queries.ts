import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSender } from "@hookwire/sender";
import { sqliteStore } from "@hookwire/store-sqlite";
import { listDeliveries, recoverDeliveries } from "../src/index.js";

// The dashboard's delivery queries on 1,000,000 deliveries in SQLite (100 subscriptions, 10,000 events,
// 20 event types). The database is kept in the temp dir and reused by later runs (delete it to rebuild).
//   pnpm --filter @hookwire/server bench:dashboard
const file = process.env.HOOKWIRE_BENCH_DB ?? join(tmpdir(), "hookwire-dashboard-bench.db");
const fresh = !existsSync(file);
const sender = createSender({
  store: sqliteStore({ filename: file }),
  allowPrivateNetwork: true,
  allowHttp: true,
});
const subs: string[] = [];
if (fresh) {
  for (let i = 0; i < 100; i++)
    subs.push((await sender.subscriptions.create({ url: `http://127.0.0.1:9/${i}`, eventTypes: ["*"] })).id);
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) await sender.publish({ type: `order.t${i % 20}`, data: { i } });
  console.log("published 1M deliveries in", Math.round(performance.now() - t0), "ms");
} else {
  for (const s of (await sender.subscriptions.list({ limit: 250 })).items) subs.push(s.id);
}
console.log("counts", await sender.deliveries.counts());
async function time(label: string, f: () => Promise<{ items: unknown[]; nextCursor: string | null }>) {
  const runs: number[] = [];
  let n = 0;
  let more = false;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const p = await f();
    runs.push(performance.now() - t);
    n = p.items.length;
    more = p.nextCursor !== null;
  }
  runs.sort((a, b) => a - b);
  console.log(`${label}: median ${runs[2]!.toFixed(1)} ms, ${n} items, more=${more}`);
}
const since = Date.now() - 7 * 86400_000;
await time("first page, 7-day window", () => listDeliveries(sender, { owner: "", since, limit: 50 }));
await time("status=pending", () =>
  listDeliveries(sender, { owner: "", status: "pending", since, limit: 50 }),
);
await time("status=failed (none)", () =>
  listDeliveries(sender, { owner: "", status: "failed", since, limit: 50 }),
);
await time("one subscription of 100", () =>
  listDeliveries(sender, { owner: "", subscriptionId: subs[57]!, since, limit: 50 }),
);
await time("one event type of 20", () =>
  listDeliveries(sender, { owner: "", eventType: "order.t7", since, limit: 50 }),
);
await time("subscription + event type (1 in 2000)", () =>
  listDeliveries(sender, { owner: "", subscriptionId: subs[3]!, eventType: "order.t7", since, limit: 50 }),
);
await time("unknown subscription (0 matches, bounded scan)", () =>
  listDeliveries(sender, { owner: "", subscriptionId: "sub_nope", since, limit: 50 }),
);
await time("last minute window", () =>
  listDeliveries(sender, { owner: "", since: Date.now() - 60_000, limit: 50 }),
);
const t = performance.now();
const r = await recoverDeliveries(sender, { owner: "", subscriptionId: subs[5]!, since });
console.log("recover (0 failed among 1M):", (performance.now() - t).toFixed(0), "ms", r);
await sender.close();
