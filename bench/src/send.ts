import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSender, type HookwireSender, type Store } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";
import pg from "pg";
import { Agent, request } from "undici";
import { fmt, median } from "./measure.js";

const workerScript = fileURLToPath(new URL("./servers/send-worker.ts", import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Receiver {
  url: string;
  count(): number;
  reset(): void;
  firstAt(): number;
  lastAt(): number;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  let count = 0;
  let first = 0;
  let last = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const t = performance.now();
      if (count === 0) first = t;
      last = t;
      count++;
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    count: () => count,
    reset: () => {
      count = 0;
    },
    firstAt: () => first,
    lastAt: () => last,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The limit: POSTs of the same size straight from undici, `concurrency` at a time. */
async function rawLimit(url: string, total: number, concurrency: number): Promise<number> {
  const agent = new Agent({ connections: concurrency });
  const body = JSON.stringify({
    type: "bench.event",
    timestamp: new Date().toISOString(),
    data: { i: 0, pad: "x".repeat(200) },
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const res = await request(url, {
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
          dispatcher: agent,
        });
        await res.body.text();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return total / seconds;
}

function startWorker(database: string, schema?: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwire/source", "--import", "tsx", workerScript, database, ...(schema ? [schema] : [])],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return once(child.stdout!, "data").then(() => child);
}

/** Deliveries per second through worker processes on a store, measured at the receiver. */
async function throughput(
  makeStore: () => Store,
  database: string,
  schema: string | undefined,
  workers: number,
  total: number,
): Promise<number> {
  const rx = await receiver();
  const sender: HookwireSender = createSender({
    store: makeStore(),
    allowPrivateNetwork: true,
    allowHttp: true,
  });
  await sender.subscriptions.create({ url: rx.url, eventTypes: ["*"] });
  for (let i = 0; i < total; i++)
    await sender.publish({ type: "bench.event", data: { i, pad: "x".repeat(200) } });
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(database, schema)));
  const deadline = Date.now() + 120_000;
  while (rx.count() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const rate = (rx.count() - 1) / ((rx.lastAt() - rx.firstAt()) / 1000);
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => once(c, "exit")));
  await sender.close();
  await rx.close();
  return rate;
}

/** Publishing one event to 10,000 subscriptions. */
async function fanOut(makeStore: () => Store): Promise<number> {
  const sender = createSender({ store: makeStore() });
  for (let i = 0; i < 10_000; i++)
    await sender.subscriptions.create({ url: `https://subscriber-${i}.example/hooks`, eventTypes: ["*"] });
  const started = performance.now();
  const result = await sender.publish({ type: "fan.out", data: {} });
  const ms = performance.now() - started;
  if (result.deliveries !== 10_000) throw new Error(`fan-out made ${result.deliveries} deliveries`);
  await sender.close();
  return ms;
}

async function freshSchema(): Promise<string> {
  const schema = `hookwire_bench_${Math.random().toString(36).slice(2, 10)}`;
  return schema;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** Run the sending benchmark and return its Markdown section. */
export async function sendingSection(options: { total?: number; rounds?: number } = {}): Promise<string> {
  const total = options.total ?? 5_000;
  const rounds = options.rounds ?? 3;
  const rows: string[] = [];
  const limitRx = await receiver();
  const limits = { 1: [] as number[], 4: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    limits[1].push(await rawLimit(limitRx.url, total, 16));
    limits[4].push(await rawLimit(limitRx.url, total, 64));
  }
  await limitRx.close();
  const results: Array<{ name: string; workers: 1 | 4; rates: number[] }> = [];
  for (const workers of [1, 4] as const) {
    const sqlite: number[] = [];
    const postgres: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const file = join(mkdtempSync(join(tmpdir(), "hookwire-bench-")), "bench.db");
      sqlite.push(await throughput(() => sqliteStore({ filename: file }), file, undefined, workers, total));
      const schema = await freshSchema();
      postgres.push(
        await throughput(
          () => postgresStore({ connectionString: DATABASE_URL, schema }),
          DATABASE_URL,
          schema,
          workers,
          total,
        ),
      );
      await dropSchema(schema);
    }
    results.push(
      { name: "SQLite", workers, rates: sqlite },
      { name: "PostgreSQL", workers, rates: postgres },
    );
  }
  for (const r of results) {
    const limit = median(limits[r.workers]);
    rows.push(
      `| ${r.name}, ${r.workers} worker process${r.workers > 1 ? "es" : ""} × 16 in flight | ${fmt(median(r.rates))} | ${fmt(limit)} | ${(median(r.rates) / limit).toFixed(2)} |`,
    );
  }
  const fan = { sqlite: [] as number[], postgres: [] as number[] };
  for (let r = 0; r < Math.min(rounds, 2); r++) {
    const file = join(mkdtempSync(join(tmpdir(), "hookwire-fan-")), "fan.db");
    fan.sqlite.push(await fanOut(() => sqliteStore({ filename: file })));
    const schema = await freshSchema();
    fan.postgres.push(await fanOut(() => postgresStore({ connectionString: DATABASE_URL, schema })));
    await dropSchema(schema);
  }
  return [
    "## 3. Sending",
    "",
    `${total.toLocaleString("en")} events published to one subscription on a local receiver (127.0.0.1), then delivered by`,
    "worker processes (each 16 attempts in flight), signed per Standard Webhooks; deliveries per second measured at",
    `the receiver, median of ${rounds} rounds. The limit: the same POSTs sent straight with undici at the same`,
    "concurrency (16, and 64 for four workers), no store, no signing.",
    "",
    "| store | deliveries/s | raw POST limit/s | ÷ limit |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    "",
    "Fan-out: publishing one event to 10,000 subscriptions (one transaction: the event and 10,000 deliveries).",
    "",
    "| store | ms |",
    "| --- | ---: |",
    `| SQLite | ${median(fan.sqlite).toFixed(0)} |`,
    `| PostgreSQL | ${median(fan.postgres).toFixed(0)} |`,
    "",
  ].join("\n");
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
