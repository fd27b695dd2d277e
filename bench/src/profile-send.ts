// Profile one delivery worker: `node --conditions=@hookwire/source --import tsx bench/src/profile-send.ts <sqlite|postgres> [events] [delayMs] [workers]`
// publishes the events, then runs worker processes (this file with `--worker`) under --cpu-prof until all arrive.
// Each worker traces its store round trips (lease, completeMany and the health calls) and, when it stops,
// prints where its time went: inside lease, inside completeMany, slots busy on HTTP, and slots idle.
import { spawn } from "node:child_process";
import { subscribe } from "node:diagnostics_channel";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSender, type Store } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Span {
  op: string;
  start: number;
  end: number;
  n: number;
}

/** A store whose calls are timed; `spans` lists every call that the worker made. */
function traced(store: Store): { store: Store; spans: Span[] } {
  const spans: Span[] = [];
  const wrap =
    <A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>, size: (r: R, a: A) => number) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      const result = await fn(...args);
      spans.push({ op, start, end: performance.now(), n: size(result, args) });
      return result;
    };
  const wrapped: Store = {
    ...store,
    migrate: () => store.migrate(),
    close: () => store.close(),
    lease: wrap(
      "lease",
      (o) => store.lease(o),
      (r) => r.length,
    ),
    completeMany: wrap(
      "complete",
      (i) => store.completeMany(i),
      (r) => r.length,
    ),
    markFailing: wrap(
      "markFailing",
      (id, at) => store.markFailing(id, at),
      () => 1,
    ),
    clearFailing: wrap(
      "clearFailing",
      (id) => store.clearFailing(id),
      () => 1,
    ),
  };
  if (store.waitForWork) {
    const wait = store.waitForWork.bind(store);
    wrapped.waitForWork = wrap(
      "wait",
      (t: number, s: AbortSignal) => wait(t, s),
      () => 0,
    );
  }
  return { store: wrapped, spans };
}

function summary(spans: Span[], busy: Array<{ start: number; end: number }>, concurrency: number): string {
  if (busy.length === 0) return "no deliveries";
  const from = Math.min(...busy.map((b) => b.start));
  const to = Math.max(...busy.map((b) => b.end));
  const wall = to - from;
  const lines = [
    `wall ${wall.toFixed(0)} ms for ${busy.length} attempts (${((busy.length / wall) * 1000).toFixed(0)}/s)`,
  ];
  for (const op of ["lease", "complete", "markFailing", "clearFailing", "wait"]) {
    const mine = spans.filter((s) => s.op === op && s.end >= from && s.start <= to);
    if (mine.length === 0) continue;
    const total = mine.reduce((t, s) => t + (s.end - s.start), 0);
    const items = mine.reduce((t, s) => t + s.n, 0);
    const sorted = mine.map((s) => s.end - s.start).sort((a, b) => a - b);
    lines.push(
      `${op}: ${mine.length} calls, ${(items / mine.length).toFixed(1)} items/call, ${total.toFixed(0)} ms in calls (${((total / wall) * 100).toFixed(0)} % of wall), median ${sorted[sorted.length >> 1]!.toFixed(2)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(2)} ms`,
    );
  }
  const slotTime = busy.reduce((t, b) => t + (b.end - b.start), 0);
  lines.push(
    `slots busy on HTTP ${((slotTime / (wall * concurrency)) * 100).toFixed(0)} % of ${concurrency} × wall; mean HTTP ${(slotTime / busy.length).toFixed(2)} ms`,
  );
  return lines.join("\n");
}

async function workerMain(database: string, schema: string): Promise<void> {
  const base = database.startsWith("postgres")
    ? postgresStore({ connectionString: database, schema, max: 6 })
    : sqliteStore({ filename: database });
  const { store, spans } = traced(base);
  const busy: Array<{ start: number; end: number }> = [];
  const concurrency = 16;
  // request start and response end of every attempt, from undici's diagnostics channels (the real transport)
  const started = new WeakMap<object, number>();
  subscribe("undici:request:create", (m) =>
    started.set((m as { request: object }).request, performance.now()),
  );
  subscribe("undici:request:trailers", (m) => {
    const start = started.get((m as { request: object }).request);
    if (start !== undefined) busy.push({ start, end: performance.now() });
  });
  const sender = createSender({
    store,
    allowPrivateNetwork: true,
    allowHttp: true,
    retrySchedule: [0, 100, 100],
  });
  const worker = sender.worker({ concurrency, perSubscriptionConcurrency: 256, pollIntervalMs: 20 });
  process.stdout.write("ready\n");
  let cpu = process.cpuUsage();
  process.stdin.once("data", () => {
    cpu = process.cpuUsage();
    worker.start();
  });
  process.once("SIGTERM", () => {
    const exit = () => {
      const used = process.cpuUsage(cpu);
      const ms = (used.user + used.system) / 1000;
      console.error(
        `[worker ${process.pid}]\n${summary(spans, busy, concurrency)}\nworker CPU ${ms.toFixed(0)} ms, ${((ms / Math.max(1, busy.length)) * 1000).toFixed(0)} µs per attempt`,
      );
      process.exit(0);
    };
    worker
      .stop()
      .then(() => sender.close())
      .then(exit, exit);
  });
}

async function main(): Promise<void> {
  const [kind = "sqlite", eventsArg = "5000", delayArg = "0", workersArg = "1"] = process.argv.slice(2);
  const total = Number(eventsArg);
  const delay = Number(delayArg);
  const workers = Number(workersArg);
  const schema = `hookwire_prof_${Math.random().toString(36).slice(2, 8)}`;
  const file = join(mkdtempSync(join(tmpdir(), "hookwire-prof-")), "p.db");
  let count = 0;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = () => {
        const t = performance.now();
        if (count++ === 0) first = t;
        last = t;
        res.end("ok");
      };
      if (delay) setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const store =
    kind === "sqlite"
      ? sqliteStore({ filename: file })
      : postgresStore({ connectionString: DATABASE_URL, schema });
  const sender = createSender({ store, allowHttp: true, allowPrivateNetwork: true });
  await sender.subscriptions.create({ url, eventTypes: ["*"] });
  for (let i = 0; i < total; i++)
    await sender.publish({ type: "bench.event", data: { i, pad: "x".repeat(200) } });
  const script = fileURLToPath(import.meta.url);
  const children = await Promise.all(
    Array.from({ length: workers }, async () => {
      const child = spawn(
        process.execPath,
        [
          ...(process.env.NO_PROF
            ? []
            : ["--cpu-prof", `--cpu-prof-dir=${process.env.PROF_DIR ?? "/tmp/prof"}`]),
          "--conditions=@hookwire/source",
          "--import",
          "tsx",
          script,
          "--worker",
          kind === "sqlite" ? file : DATABASE_URL,
          schema,
        ],
        { stdio: ["pipe", "pipe", "inherit"] },
      );
      await once(child.stdout!, "data");
      return child;
    }),
  );
  for (const child of children) child.stdin!.write("go\n");
  while (count < total) await new Promise((r) => setTimeout(r, 20));
  console.log(`${kind} × ${workers}: ${((count - 1) / ((last - first) / 1000)).toFixed(0)} deliveries/s`);
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => once(c, "exit")));
  if ("pool" in store) await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sender.close();
  server.closeAllConnections();
  server.close();
}

if (process.argv[2] === "--worker") await workerMain(process.argv[3]!, process.argv[4]!);
else await main();
