import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createSender,
  type HookwireSender,
  newId,
  type Store,
  type StoredSubscription,
} from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";
import pg from "pg";
import { Agent, request } from "undici";
import { fmt, median } from "./measure.js";

const workerScript = fileURLToPath(new URL("./servers/send-worker.ts", import.meta.url));
/**
 * `BENCH_SEND_BEFORE=<checkout>`: also run the worker processes of another checkout of this repository (an
 * older commit, dependencies installed) in the same rounds, so that before and after share each round's limit
 * and the machine's load of the moment.
 */
const beforeTree = process.env.BENCH_SEND_BEFORE;
const beforeScript = beforeTree ? join(beforeTree, "bench/src/servers/send-worker.ts") : undefined;
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Receiver {
  url: string;
  count(): number;
  /** Deliveries per second from the arrival numbered `max(1, warm)` to the last one: the whole run after the warm-up. */
  rate(): number;
  /**
   * Deliveries per second between the arrivals at 10 % and at 90 % of those after the warm-up: the
   * flow while every worker is busy, without the start (processes taking their first leases) or the
   * drain (the last deliveries, fewer than the slots of all the workers).
   */
  middle(): number;
  close(): Promise<void>;
}

/**
 * A local receiver that counts deliveries; `delayMs` makes it answer late, like a real endpoint. The
 * first `warm` arrivals are a warm-up (JIT, connections, caches): the rate counts from the last of them.
 */
async function receiver(delayMs = 0, warm = 0): Promise<Receiver> {
  let count = 0;
  const mark = Math.max(1, warm);
  const times: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = () => {
        const t = performance.now();
        count++;
        if (count >= mark) times.push(t);
        res.end("ok");
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    count: () => count,
    rate: () => (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000),
    middle: () => {
      const from = Math.floor(times.length * 0.1);
      const to = Math.floor(times.length * 0.9);
      return (to - from) / ((times[to]! - times[from]!) / 1000);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const body = JSON.stringify({
  type: "bench.event",
  timestamp: new Date().toISOString(),
  data: { i: 0, pad: "x".repeat(200) },
});

/**
 * The limit: POSTs of the same size straight from undici, `concurrency` at a time, to a receiver of their
 * own; measured at the receiver like the workers, after `warm` warm-up requests.
 */
async function rawLimit(total: number, concurrency: number, warm = 0): Promise<number> {
  const rx = await receiver(0, warm);
  const agent = new Agent({ connections: concurrency });
  const all = warm + total;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < all) {
        next++;
        const res = await request(rx.url, {
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
          dispatcher: agent,
        });
        await res.body.text();
      }
    }),
  );
  const rate = rx.rate();
  await agent.close();
  await rx.close();
  return rate;
}

function startWorker(database: string, schema?: string, script = workerScript): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwire/source", "--import", "tsx", script, database, ...(schema ? [schema] : [])],
    { stdio: ["pipe", "pipe", "inherit"], env: process.env },
  );
  return once(child.stdout!, "data").then(() => child);
}

type Kind = "sqlite" | "postgres";

interface Database {
  kind: Kind;
  /** The file or the connection string a worker process is given. */
  target: string;
  schema?: string;
  store(): Store;
  drop(): Promise<void>;
}

async function database(kind: Kind): Promise<Database> {
  if (kind === "sqlite") {
    const file = join(mkdtempSync(join(tmpdir(), "hookwire-bench-")), "bench.db");
    return { kind, target: file, store: () => sqliteStore({ filename: file }), drop: async () => {} };
  }
  const schema = `hookwire_bench_${Math.random().toString(36).slice(2, 10)}`;
  return {
    kind,
    target: DATABASE_URL,
    schema,
    store: () => postgresStore({ connectionString: DATABASE_URL, schema }),
    drop: async () => {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Deliveries per second through worker processes on a store, measured at the receiver. */
const throughput = async (...run: Parameters<typeof flow>): Promise<number> => (await flow(...run)).rate;

/** The same run, with the rate over the whole run and over its middle 80 % (`Receiver.middle`). */
async function flow(
  kind: Kind,
  workers: number,
  total: number,
  delayMs = 0,
  script = workerScript,
  warm = 0,
): Promise<{ rate: number; middle: number }> {
  const db = await database(kind);
  const rx = await receiver(delayMs, warm);
  const sender: HookwireSender = createSender({
    store: db.store(),
    allowPrivateNetwork: true,
    allowHttp: true,
  });
  await sender.subscriptions.create({ url: rx.url, eventTypes: ["*"] });
  for (let i = 0; i < warm + total; i++)
    await sender.publish({ type: "bench.event", data: { i, pad: "x".repeat(200) } });
  const children = await Promise.all(
    Array.from({ length: workers }, () => startWorker(db.target, db.schema, script)),
  );
  for (const child of children) child.stdin!.write("go\n"); // all at once, so that none delivers alone at first
  const deadline = Date.now() + 180_000;
  while (rx.count() < warm + total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const rate = rx.rate();
  const middle = rx.middle();
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => once(c, "exit")));
  await sender.close();
  await rx.close();
  await db.drop();
  return { rate, middle };
}

function stored(owner: string, eventTypes: string[]): StoredSubscription {
  const at = Date.now();
  return {
    id: newId("sub"),
    owner,
    url: "https://subscriber.example/hooks",
    eventTypes,
    secrets: [{ secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", expiresAt: null }],
    headers: {},
    metadata: {},
    description: "",
    status: "active",
    rateLimit: null,
    disabledReason: null,
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Fan-out: an owner with 100,000 subscriptions (half `fan.out`, half `fan.*`; ten of them also take
 * `rare.*` or `rare.event`). Publishing `fan.out` makes 100,000 deliveries; publishing `rare.event`
 * makes 10 — the cost of an owner's many subscriptions that do not match.
 */
async function fanOut(kind: Kind, subscriptions = 100_000): Promise<{ all: number; few: number }> {
  const db = await database(kind);
  const store = db.store();
  await store.migrate();
  const owner = "fan";
  const batch: Array<Promise<void>> = [];
  for (let i = 0; i < subscriptions; i++) {
    const filters = [i % 2 === 0 ? "fan.out" : "fan.*"];
    if (i % (subscriptions / 10) === 0) filters.push(i % 2 === 0 ? "rare.event" : "rare.*");
    batch.push(store.insertSubscription(stored(owner, filters)));
    if (batch.length >= 32) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  const sender = createSender({ store });
  await sender.publish({ type: "warm.up", owner, data: {} });
  let started = performance.now();
  const result = await sender.publish({ type: "fan.out", owner, data: {} });
  const all = performance.now() - started;
  if (result.deliveries !== subscriptions) throw new Error(`fan-out made ${result.deliveries} deliveries`);
  const few: number[] = [];
  for (let i = 0; i < 9; i++) {
    started = performance.now();
    const rare = await sender.publish({ type: "rare.event", owner, data: {} });
    few.push(performance.now() - started);
    if (rare.deliveries !== 10) throw new Error(`rare publish made ${rare.deliveries} deliveries`);
  }
  await sender.close();
  await db.drop();
  return { all, few: median(few) };
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

/** Run the sending benchmark and return its Markdown section. */
export async function sendingSection(
  options: { total?: number; latencyTotal?: number; rounds?: number } = {},
): Promise<string> {
  const total = options.total ?? Number(process.env.BENCH_SEND_TOTAL ?? 5_000);
  const latencyTotal = options.latencyTotal ?? Number(process.env.BENCH_SEND_LATENCY_TOTAL ?? 4_000);
  const rounds = options.rounds ?? Number(process.env.BENCH_SEND_ROUNDS ?? 3);
  const only = (process.env.BENCH_SEND_ONLY ?? "throughput,latency,fanout").split(",");
  const out: string[] = ["## 3. Sending", ""];

  if (only.includes("throughput")) {
    // Fair to both sides: every run is measured at its own receiver after `warm` warm-up deliveries
    // (the raw loop runs in this process, whose JIT warms over the runs; each worker is a fresh process),
    // one warm-up run of each before the rounds, and each worker run is paired with a raw run just
    // before it, so that the ratio of a pair shares the machine's load of that moment.
    const warm = Number(process.env.BENCH_SEND_WARM ?? 1_000);
    const limit: number[] = [];
    const rates: Record<Kind, number[]> = { sqlite: [], postgres: [] };
    const before: Record<Kind, number[]> = { sqlite: [], postgres: [] };
    const ratios: Record<Kind, number[]> = { sqlite: [], postgres: [] };
    const beforeRatios: Record<Kind, number[]> = { sqlite: [], postgres: [] };
    await rawLimit(total, 16, warm);
    for (const kind of ["sqlite", "postgres"] as const) await throughput(kind, 1, warm, 0, workerScript);
    for (let r = 0; r < rounds; r++) {
      const line: string[] = [];
      for (const kind of ["sqlite", "postgres"] as const) {
        const l = await rawLimit(total, 16, warm);
        limit.push(l);
        if (beforeScript) {
          before[kind].push(await throughput(kind, 1, total, 0, beforeScript, warm));
          beforeRatios[kind].push(before[kind].at(-1)! / l);
        }
        rates[kind].push(await throughput(kind, 1, total, 0, workerScript, warm));
        ratios[kind].push(rates[kind].at(-1)! / l);
        line.push(
          `limit ${fmt(l)}, ${kind} ${fmt(rates[kind].at(-1)!)} (${ratio(rates[kind].at(-1)!, l)})${beforeScript ? `, before ${fmt(before[kind].at(-1)!)} (${ratio(before[kind].at(-1)!, l)})` : ""}`,
        );
      }
      console.error(`  round ${r + 1}: ${line.join("; ")}`);
    }
    const l = median(limit);
    const beforeRow = (kind: Kind, name: string) =>
      beforeScript
        ? [
            `| ${name}, before (${beforeTree}) | ${fmt(median(before[kind]))} | ${fmt(l)} | ${median(beforeRatios[kind]).toFixed(2)} | |`,
          ]
        : [];
    out.push(
      `### Throughput against the limit`,
      "",
      `${total.toLocaleString("en")} events published to one subscription on a local receiver (127.0.0.1) that answers at`,
      "once, then delivered by one worker process (16 attempts in flight), signed per Standard Webhooks; deliveries",
      `per second measured at the receiver after ${warm.toLocaleString("en")} more warm-up deliveries, median of ${rounds} rounds. The limit: the`,
      "same POSTs sent straight with undici, 16 at a time, no store, no signing, measured the same way at a receiver",
      "of their own, in a run just before each worker run; ÷ limit is the median of those pairs' ratios. One",
      "warm-up run of each precedes the rounds.",
      "",
      "| store | deliveries/s | raw POST limit/s | ÷ limit | target |",
      "| --- | ---: | ---: | ---: | ---: |",
      ...beforeRow("sqlite", "SQLite, 1 worker process × 16 in flight"),
      `| SQLite, 1 worker process × 16 in flight | ${fmt(median(rates.sqlite))} | ${fmt(l)} | ${median(ratios.sqlite).toFixed(2)} | ≥ 0.4 |`,
      ...beforeRow("postgres", "PostgreSQL, 1 worker process × 16 in flight"),
      `| PostgreSQL, 1 worker process × 16 in flight | ${fmt(median(rates.postgres))} | ${fmt(l)} | ${median(ratios.postgres).toFixed(2)} | ≥ 0.3 |`,
      "",
    );
  }

  if (only.includes("latency")) {
    const cases: Array<{ kind: Kind; workers: number }> = [
      { kind: "postgres", workers: 1 },
      { kind: "postgres", workers: 2 },
      { kind: "postgres", workers: 4 },
      { kind: "sqlite", workers: 1 },
      { kind: "sqlite", workers: 2 },
    ];
    const rates = cases.map(() => [] as number[]);
    const middles = cases.map(() => [] as number[]);
    const before = cases.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      for (const [i, c] of cases.entries()) {
        if (beforeScript)
          before[i]!.push(await throughput(c.kind, c.workers, latencyTotal, 50, beforeScript));
        const measured = await flow(c.kind, c.workers, latencyTotal, 50);
        rates[i]!.push(measured.rate);
        middles[i]!.push(measured.middle);
      }
      console.error(
        `  latency round ${r + 1}: ${rates.map((x) => fmt(x.at(-1)!)).join(" ")} (middle 80 %: ${middles.map((x) => fmt(x.at(-1)!)).join(" ")})${beforeScript ? `; before: ${before.map((x) => fmt(x.at(-1)!)).join(" ")}` : ""}`,
      );
    }
    const base: Record<Kind, number> = { postgres: median(rates[0]!), sqlite: median(rates[3]!) };
    const baseMiddle: Record<Kind, number> = { postgres: median(middles[0]!), sqlite: median(middles[3]!) };
    const baseBefore: Record<Kind, number> = beforeScript
      ? { postgres: median(before[0]!), sqlite: median(before[3]!) }
      : { postgres: 0, sqlite: 0 };
    out.push(
      "### Scaling with worker processes (latency-bound)",
      "",
      `${latencyTotal.toLocaleString("en")} events to one subscription whose endpoint answers after 50 ms, as real endpoints do;`,
      `1, 2 or 4 worker processes × 16 in flight (the per-subscription cap set to 256 so that it does not bind);`,
      `median of ${rounds} rounds. One process can at most reach 16 ÷ 0.05 s = 320 deliveries/s. "Whole run" is`,
      'from the first arrival to the last; "middle 80 %" from the arrival at 10 % of them to the one at 90 %,',
      "while every worker is busy: it leaves out the start and the drain, where fewer deliveries are left",
      "than all the workers have slots (a cost of a finite batch, not of a steady flow of events).",
      "",
      beforeScript
        ? "| store | worker processes | before, deliveries/s | before × one | deliveries/s, whole run | × one process | deliveries/s, middle 80 % | × one process | target |"
        : "| store | worker processes | deliveries/s, whole run | × one process | deliveries/s, middle 80 % | × one process | target |",
      beforeScript
        ? "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        : "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...cases.map((c, i) => {
        const rate = median(rates[i]!);
        const target = c.workers === 4 ? "≥ 3.5" : c.kind === "sqlite" && c.workers === 2 ? "≥ 1.8" : "";
        const was = median(before[i]!);
        const then = beforeScript ? ` ${fmt(was)} | ${ratio(was, baseBefore[c.kind])} |` : "";
        const middle = median(middles[i]!);
        return `| ${c.kind === "sqlite" ? "SQLite" : "PostgreSQL"} | ${c.workers} |${then} ${fmt(rate)} | ${ratio(rate, base[c.kind])} | ${fmt(middle)} | ${ratio(middle, baseMiddle[c.kind])} | ${target} |`;
      }),
      "",
    );
  }

  if (only.includes("fanout")) {
    const subscriptions = Number(process.env.BENCH_FANOUT_SUBSCRIPTIONS ?? 100_000);
    const fan: Record<Kind, Array<{ all: number; few: number }>> = { sqlite: [], postgres: [] };
    for (let r = 0; r < Math.min(rounds, 2); r++) {
      for (const kind of ["sqlite", "postgres"] as const) {
        fan[kind].push(await fanOut(kind, subscriptions));
        console.error(`  fan-out ${kind}: ${JSON.stringify(fan[kind].at(-1))}`);
      }
    }
    const row = (name: string, kind: Kind) =>
      `| ${name} | ${median(fan[kind].map((f) => f.all)).toFixed(0)} | ${median(fan[kind].map((f) => f.few)).toFixed(1)} |`;
    out.push(
      "### Fan-out",
      "",
      `One owner with ${subscriptions.toLocaleString("en")} subscriptions (half \`fan.out\`, half \`fan.*\`; ten also take \`rare.*\` or`,
      "`rare.event`). Left: publishing `fan.out` (the event and one delivery per subscription, one transaction;",
      "target < 2,000 ms). Right: publishing `rare.event`, which matches 10 of them (median of 9; target < 20 ms).",
      "",
      `| store | ${subscriptions.toLocaleString("en")} matching, ms | 10 of ${subscriptions.toLocaleString("en")} matching, ms |`,
      "| --- | ---: | ---: |",
      row("SQLite", "sqlite"),
      row("PostgreSQL", "postgres"),
      "",
    );
  }
  return out.join("\n");
}

/** Heap and RSS of a sender process delivering 100,000 events (rows for the memory section). */
export async function deliveryMemory(total = 100_000, rounds = 4): Promise<string[]> {
  const rx = await receiver();
  const file = join(mkdtempSync(join(tmpdir(), "hookwire-mem-")), "mem.db");
  const sender = createSender({
    store: sqliteStore({ filename: file }),
    allowPrivateNetwork: true,
    allowHttp: true,
  });
  await sender.subscriptions.create({ url: rx.url, eventTypes: ["*"] });
  const worker = sender.worker({ concurrency: 32, perSubscriptionConcurrency: 32, pollIntervalMs: 5 });
  worker.start();
  const rows: string[] = [];
  const perRound = total / rounds;
  for (let r = 1; r <= rounds; r++) {
    for (let i = 0; i < perRound; i++) await sender.publish({ type: "mem.event", data: { i } });
    while (rx.count() < r * perRound) await new Promise((res) => setTimeout(res, 20));
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    rows.push(
      `| delivered, after round ${r} | ${rx.count()} | ${(m.heapUsed / 2 ** 20).toFixed(1)} | ${(m.rss / 2 ** 20).toFixed(1)} |`,
    );
  }
  await worker.stop();
  await sender.close();
  await rx.close();
  return rows;
}
