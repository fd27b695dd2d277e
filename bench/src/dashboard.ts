// `pnpm bench dashboard`: the dashboard's delivery listing with 1,000,000 deliveries in the store, before and
// after the listing moved into the store (Store.queryDeliveries, migration 4's partial indexes of failed
// deliveries), and publish to 100 and to 100,000 subscriptions with and without those indexes — same run,
// SQLite and PostgreSQL. BENCH_DASHBOARD_ROWS changes the number of deliveries.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSender, type Delivery, type DeliveryStatus, newId, type Store } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";
import { type DeliveryFilter, listDeliveries } from "../../packages/server/src/queries.js";
import { fmt, median } from "./measure.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROWS = Number(process.env.BENCH_DASHBOARD_ROWS ?? 1_000_000);
const DAY = 86_400_000;
const OWNER = ""; // the operator's deliveries (60 %); four tenants share the rest
const TENANTS = ["acme", "globex", "initech", "umbrella"];
const TYPES = [
  "invoice.paid",
  "invoice.created",
  "customer.updated",
  "order.shipped",
  "order.created",
  "user.signed_up",
  "user.deleted",
  "payment.failed",
  "refund.issued",
];
const RARE_TYPE = "account.closed";
const NEW_INDEXES = ["deliveries_failed", "deliveries_failed_subscription"];

/** A delivery id of time `ms` (the shape publish gives them: time-ordered prefix, then a number). */
function idOf(ms: number, n: number): string {
  const time = (ms * 1000 + (n % 1000)).toString(36).padStart(11, "0");
  return `dlv_${time}${randomBytes(9).toString("hex").slice(0, 12)}${String(n % 10_000_000).padStart(7, "0")}`;
}

interface Fill {
  start: number;
  end: number;
  commonSub: string;
  rareSub: string;
  middleId: string;
}

type Row = [string, string, string, string, string, DeliveryStatus, number, number | null, number];

/** 1,000,000 deliveries over 7 days: 96 % delivered, 3 % failed, pending in the last 30 minutes and a few older. */
function* rows(subs: Map<string, string[]>, start: number, end: number): Generator<Row> {
  const step = (end - start) / ROWS;
  let rng = 42;
  const rand = () => {
    rng = (rng * 1103515245 + 12345) & 0x7fffffff;
    return rng / 0x7fffffff;
  };
  for (let i = 0; i < ROWS; i++) {
    const t = Math.floor(start + i * step);
    const r = rand();
    const owner = r < 0.6 ? OWNER : TENANTS[Math.floor((r - 0.6) * 10)]!;
    const list = subs.get(owner)!;
    // the operator's last subscription is rare: 1 delivery in 20,000
    const rare = owner === OWNER && rand() < 0.00005;
    const sub = rare
      ? list[list.length - 1]!
      : list[Math.floor(rand() * (list.length - (owner === OWNER ? 1 : 0)))]!;
    const type = rand() < 0.0005 ? RARE_TYPE : TYPES[Math.floor(rand() ** 2 * TYPES.length)]!;
    const s = rand();
    const status: DeliveryStatus =
      end - t < 30 * 60_000 || s < 0.0005 ? "pending" : s < 0.03 ? "failed" : "delivered";
    yield [
      idOf(t, i),
      `msg_${i}`,
      owner,
      sub,
      type,
      status,
      status === "pending" ? 0 : 1 + (status === "failed" ? 7 : 0),
      status === "pending" ? t : null,
      t,
    ];
  }
}

interface Backend {
  name: string;
  store: Store;
  fill(subs: Map<string, string[]>, start: number, end: number): Promise<void>;
  fanoutSubscriptions(owner: string, n: number): Promise<void>;
  dropIndexes(): Promise<void>;
  createIndexes(): Promise<void>;
  /** Runs `run` (on a store whose statements are seen) and returns the plans of the listing statements it sent. */
  explain(run: (store: Store) => Promise<unknown>): Promise<string[]>;
  clearFanout(): Promise<void>;
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

function subscriptionsOf(): Map<string, string[]> {
  const subs = new Map<string, string[]>();
  subs.set(
    OWNER,
    Array.from({ length: 50 }, (_, i) => `sub_op${String(i).padStart(3, "0")}`),
  );
  for (const t of TENANTS)
    subs.set(
      t,
      Array.from({ length: 10 }, (_, i) => `sub_${t}${i}`),
    );
  return subs;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), "hookwire-dashboard-"));
  const store = sqliteStore({ filename: join(dir, "bench.db") });
  await store.migrate();
  const db = store.db;
  return {
    name: "SQLite",
    store,
    async fill(subs, start, end) {
      const insert = db.prepare(
        `INSERT INTO deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      );
      let batch: Row[] = [];
      const flush = db.transaction((items: Row[]) => {
        for (const r of items) insert.run(...r, r[8]);
      });
      for (const r of rows(subs, start, end)) {
        batch.push(r);
        if (batch.length === 50_000) {
          flush(batch);
          batch = [];
        }
      }
      flush(batch);
    },
    async fanoutSubscriptions(owner, n) {
      db.exec(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
        INSERT INTO subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, created_at, updated_at)
        SELECT 'sub_${owner}_' || printf('%07d', i), '${owner}', 'https://receiver.example/hooks', '["bench.fan"]', '[]', '{}', '{}', '', 'active', 0, 0 FROM k;
        INSERT INTO subscription_filters (owner, filter, subscription_id) SELECT owner, 'bench.fan', id FROM subscriptions WHERE owner = '${owner}';`);
    },
    async dropIndexes() {
      for (const name of NEW_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
    },
    async createIndexes() {
      db.exec("DELETE FROM hookwire_migrations WHERE version = 4");
      await store.migrate();
    },
    async explain(run) {
      // a second connection to the file: the listing caches its statements, this one prepares them anew
      const fresh = sqliteStore({ filename: join(dir, "bench.db") });
      const seen: [string, unknown[]][] = [];
      const prepare = fresh.db.prepare.bind(fresh.db);
      (fresh.db as { prepare: unknown }).prepare = (sql: string) => {
        const statement = prepare(sql);
        if (!/FROM deliveries/.test(sql)) return statement;
        return new Proxy(statement, {
          get(target, key) {
            const value = Reflect.get(target, key);
            if (key === "all" || key === "get")
              return (...args: unknown[]) => {
                seen.push([sql, args]);
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
      };
      try {
        await run(fresh);
      } finally {
        (fresh.db as { prepare: unknown }).prepare = prepare;
      }
      const plans = seen.map(([sql, args]) => {
        const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
          .map((p) => p.detail)
          .join("; ");
        return `${oneLine(sql)}\n    → ${plan}`;
      });
      await fresh.close();
      return plans;
    },
    async checkpoint() {
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    async clearFanout() {
      db.exec("DELETE FROM deliveries WHERE owner IN ('fan100', 'fan100k')");
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim();

async function postgresBackend(): Promise<Backend> {
  const schema = "bench_dashboard";
  const store = postgresStore({ connectionString: DATABASE_URL, schema });
  const pool = store.pool;
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await store.migrate();
  const s = `"${schema}"`;
  return {
    name: "PostgreSQL",
    store,
    async fill(subs, start, end) {
      let batch: Row[] = [];
      const flush = async (items: Row[]) => {
        const col = (i: number) => items.map((r) => r[i]);
        await pool.query(
          `INSERT INTO ${s}.deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
           SELECT id, e, o, sub, ty, st, a, n, 0, c, c FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[])
           AS t(id, e, o, sub, ty, st, a, n, c)`,
          [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8)],
        );
      };
      for (const r of rows(subs, start, end)) {
        batch.push(r);
        if (batch.length === 20_000) {
          await flush(batch);
          batch = [];
        }
      }
      await flush(batch);
      await pool.query(`VACUUM ANALYZE ${s}.deliveries`);
    },
    async fanoutSubscriptions(owner, n) {
      await pool.query(`INSERT INTO ${s}.subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, created_at, updated_at)
        SELECT 'sub_${owner}_' || lpad(i::text, 7, '0'), '${owner}', 'https://receiver.example/hooks', '["bench.fan"]', '[]', '{}', '{}', '', 'active', 0, 0
        FROM generate_series(1, ${n}) i;
        INSERT INTO ${s}.subscription_filters (owner, filter, subscription_id) SELECT owner, 'bench.fan', id FROM ${s}.subscriptions WHERE owner = '${owner}';
        ANALYZE ${s}.subscriptions; ANALYZE ${s}.subscription_filters`);
    },
    async dropIndexes() {
      for (const name of NEW_INDEXES) await pool.query(`DROP INDEX IF EXISTS ${s}.${name}`);
    },
    async createIndexes() {
      await pool.query(`DELETE FROM ${s}.hookwire_migrations WHERE version = 4`);
      await store.migrate();
      await pool.query(`ANALYZE ${s}.deliveries`);
    },
    async explain(run) {
      const seen: [string, unknown[]][] = [];
      const query = pool.query.bind(pool) as (sql: string, values?: unknown[]) => Promise<unknown>;
      (pool as { query: unknown }).query = (sql: string, values?: unknown[]) => {
        if (typeof sql === "string" && /FROM "bench_dashboard"\.deliveries/.test(sql))
          seen.push([sql, values ?? []]);
        return query(sql, values);
      };
      try {
        await run(store);
      } finally {
        (pool as { query: unknown }).query = query;
      }
      const plans: string[] = [];
      for (const [sql, values] of seen) {
        const { rows } = (await query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, values)) as {
          rows: { "QUERY PLAN": string }[];
        };
        plans.push(
          `${oneLine(sql).replaceAll(`"${schema}".`, "")}\n${rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n")}`,
        );
      }
      return plans;
    },
    async checkpoint() {
      await pool.query("CHECKPOINT");
    },
    async clearFanout() {
      await pool.query(`DELETE FROM ${s}.deliveries WHERE owner IN ('fan100', 'fan100k')`);
      await pool.query(`VACUUM ANALYZE ${s}.deliveries`);
    },
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    },
  };
}

/** The listing as it was: store pages of 250 by owner (and status), filtered here, 40 pages at most. */
async function listBefore(
  store: Store,
  filter: DeliveryFilter,
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  const limit = filter.limit ?? 50;
  const idAt = (ms: number) => `dlv_${(Math.floor(ms) * 1000).toString(36).padStart(11, "0")}`;
  const timeOf = (id: string) => Math.floor(Number.parseInt(id.slice(4, 15), 36) / 1000);
  let cursor = filter.cursor;
  if (filter.since !== undefined && (cursor === undefined || cursor < idAt(filter.since)))
    cursor = idAt(filter.since);
  const items: Delivery[] = [];
  for (let pages = 0; pages < 40; pages++) {
    const page = await store.listDeliveries({
      owner: filter.owner,
      limit: 250,
      ...(filter.status ? { status: filter.status } : {}),
      ...(cursor ? { after: cursor } : {}),
    });
    for (const d of page) {
      cursor = d.id;
      if (filter.until !== undefined && timeOf(d.id) >= filter.until) return { items, nextCursor: null };
      if (filter.subscriptionId && d.subscriptionId !== filter.subscriptionId) continue;
      if (filter.eventType && d.eventType !== filter.eventType) continue;
      items.push(d);
      if (items.length === limit) return { items, nextCursor: d.id };
    }
    if (page.length < 250) return { items, nextCursor: null };
  }
  return { items, nextCursor: cursor ?? null };
}

interface QueryCase {
  name: string;
  filter: DeliveryFilter;
}

function cases(fill: Fill): QueryCase[] {
  const week = { owner: OWNER, since: fill.end - 7 * DAY, limit: 50 };
  const middle = fill.start + (fill.end - fill.start) / 2;
  return [
    { name: "no filter, first page (the last 7 days)", filter: week },
    { name: "no filter, a page in the middle (cursor)", filter: { ...week, cursor: fill.middleId } },
    { name: "status failed (3 %)", filter: { ...week, status: "failed" } },
    { name: "status pending (last 30 min + 0.05 %)", filter: { ...week, status: "pending" } },
    { name: "status delivered", filter: { ...week, status: "delivered" } },
    { name: "event type, common", filter: { ...week, eventType: TYPES[0]! } },
    { name: "event type, rare (0.05 %)", filter: { ...week, eventType: RARE_TYPE } },
    { name: "subscription, one of 49", filter: { ...week, subscriptionId: fill.commonSub } },
    { name: "subscription, rare (1 in 20,000)", filter: { ...week, subscriptionId: fill.rareSub } },
    {
      name: "failed of one subscription (recover)",
      filter: { ...week, status: "failed", subscriptionId: fill.commonSub },
    },
    {
      name: "one hour, no filter",
      filter: { owner: OWNER, since: middle, until: middle + 3600_000, limit: 50 },
    },
    {
      name: "one hour, one subscription",
      filter: {
        owner: OWNER,
        since: middle,
        until: middle + 3600_000,
        limit: 50,
        subscriptionId: fill.commonSub,
      },
    },
  ];
}

async function timeMs(run: () => Promise<unknown>, n: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const page = (p: { items: unknown[]; nextCursor: string | null }) =>
  `${p.items.length}${p.nextCursor === null ? "" : " +"}`;

async function publishTimes(backend: Backend, owner: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const at = Date.now();
    const t = performance.now();
    await backend.store.publish(
      { id: newId("msg"), owner, type: "bench.fan", payload: "{}", createdAt: at },
      { idPrefix: newId("dlv") },
    );
    times.push(performance.now() - t);
  }
  return median(times);
}

async function runBackend(backend: Backend): Promise<string> {
  const subs = subscriptionsOf();
  const end = Date.now();
  const start = end - 7 * DAY;
  const fillStarted = performance.now();
  await backend.dropIndexes();
  await backend.fill(subs, start, end);
  const fillS = (performance.now() - fillStarted) / 1000;
  await backend.fanoutSubscriptions("fan100", 100);
  await backend.fanoutSubscriptions("fan100k", 100_000);
  const ops = subs.get(OWNER)!;
  const fill: Fill = {
    start,
    end,
    commonSub: ops[7]!,
    rareSub: ops[ops.length - 1]!,
    middleId: `dlv_${((start + 3.5 * DAY) * 1000).toString(36).padStart(11, "0")}`,
  };
  const sender = createSender({ store: backend.store });
  const list = cases(fill);
  const runs = 7;
  const beforeRuns = backend.name === "SQLite" ? 5 : 3;

  // queries before: the old listing on the schema without migration 4
  await backend.dropIndexes();
  const before: { t: number; p: string }[] = [];
  for (const c of list) {
    const p = await listBefore(backend.store, c.filter);
    before.push({ t: await timeMs(() => listBefore(backend.store, c.filter), beforeRuns), p: page(p) });
  }
  const plansBefore = await backend.explain((store) => listBefore(store, list[2]!.filter));
  await backend.createIndexes();
  const after: { t: number; p: string }[] = [];
  for (const c of list) {
    const p = await listDeliveries(sender, c.filter);
    after.push({ t: await timeMs(() => listDeliveries(sender, c.filter), runs), p: page(p) });
  }
  const explained: string[] = [];
  for (const i of [2, 3, 8, 9]) {
    const plans = await backend.explain((store) => listDeliveries(createSender({ store }), list[i]!.filter));
    // each statement shape once (a page may take several store calls)
    explained.push(
      `${list[i]!.name}:`,
      ...[...new Set(plans.map((p) => p.split("\n")[0]))].map(
        (first) => `  ${plans.find((p) => p.startsWith(first!))}`,
      ),
    );
  }

  // publish (after the queries: its rows stay in the table), alternating without and with the new indexes:
  // four rounds each, a round being the median of 50 publishes to 100 subscriptions and one to 100,000
  const publish = {
    before100: [] as number[],
    after100: [] as number[],
    before100k: [] as number[],
    after100k: [] as number[],
  };
  // the order alternates between rounds, so that a table grown by the previous publishes favours neither side
  // after each switch the index build's writes are checkpointed and one publish is not timed, so that the
  // WAL the build filled is not paid by the first measured publish
  const setIndexes = async (on: boolean, target: string) => {
    await (on ? backend.createIndexes() : backend.dropIndexes());
    await backend.checkpoint();
    await publishTimes(backend, target, 1);
  };
  for (const [target, n, without, withIt] of [
    ["fan100", 50, publish.before100, publish.after100],
    ["fan100k", 1, publish.before100k, publish.after100k],
  ] as const) {
    for (let round = 0; round < 4; round++) {
      for (const on of round % 2 === 0 ? [false, true] : [true, false]) {
        await setIndexes(on, target);
        (on ? withIt : without).push(await publishTimes(backend, target, n));
      }
    }
  }
  await backend.clearFanout();

  const lines = [
    `### ${backend.name}`,
    "",
    `${ROWS.toLocaleString("en")} deliveries over 7 days (filled in ${fillS.toFixed(0)} s), owner "" holds 60 %: 50 subscriptions, 10 event types. ` +
      `Medians of ${beforeRuns} (before) and ${runs} (after) calls of the server's listing (50 per page); "items" is what the page held, "+" that it has a next cursor.`,
    "",
    "| query | before (ms) | items | after (ms) | items | speed-up |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...list.map(
      (c, i) =>
        `| ${c.name} | ${ms(before[i]!.t)} | ${before[i]!.p} | ${ms(after[i]!.t)} | ${after[i]!.p} | ${fmt(before[i]!.t / after[i]!.t)}× |`,
    ),
    "",
    "| publish (median of 4 alternated rounds) | without migration 4 (ms) | with it (ms) | ratio |",
    "| --- | ---: | ---: | ---: |",
    `| to 100 subscriptions | ${ms(median(publish.before100))} | ${ms(median(publish.after100))} | ${(median(publish.after100) / median(publish.before100)).toFixed(2)} |`,
    `| to 100,000 subscriptions | ${ms(median(publish.before100k))} | ${ms(median(publish.after100k))} | ${(median(publish.after100k) / median(publish.before100k)).toFixed(2)} |`,
    "",
    `Rounds, to 100,000 subscriptions: without ${publish.before100k.map((v) => v.toFixed(0)).join(" · ")} ms, with ${publish.after100k.map((v) => v.toFixed(0)).join(" · ")} ms; to 100: without ${publish.before100.map(ms).join(" · ")}, with ${publish.after100.map(ms).join(" · ")} ms.`,
    "",
    "Plans (before, status failed):",
    "",
    "```",
    ...plansBefore.slice(0, 1),
    "```",
    "",
    "Plans (after):",
    "",
    "```",
    ...explained,
    "```",
    "",
  ];
  return lines.join("\n");
}

export async function dashboardSection(): Promise<string> {
  const parts = ["## Dashboard listing at 1,000,000 deliveries", ""];
  for (const make of [sqliteBackend, postgresBackend]) {
    const backend = await make();
    try {
      const text = await runBackend(backend);
      console.error(text);
      parts.push(text);
    } finally {
      await backend.close();
    }
  }
  return parts.join("\n");
}
