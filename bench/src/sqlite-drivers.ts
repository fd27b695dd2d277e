// `pnpm bench sqlite-drivers`: the SQLite store on each driver this Node can load, in one process,
// drivers alternating within every round so that the machine's noise hits both alike.
// Publishing (one transaction per event: the event row and its delivery), listing the attempt log,
// and draining (lease, sign, POST to a local receiver, record the attempt) through the sender.
// BENCH_BETTER_SQLITE3=<path of a better-sqlite3 package> uses that build (one made for this Node).
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSender } from "@hookwire/sender";
import { type SqliteDriverOption, sqliteStore } from "@hookwire/store-sqlite";
import { fmt, median } from "./measure.js";

interface Driver {
  name: string;
  option: SqliteDriverOption;
}

function drivers(): Driver[] {
  const found: Driver[] = [];
  const has = (option: SqliteDriverOption) => {
    try {
      const store = sqliteStore({ filename: ":memory:", driver: option });
      void store.close();
      return true;
    } catch {
      return false;
    }
  };
  if (has("node:sqlite")) found.push({ name: "node:sqlite", option: "node:sqlite" });
  const path = process.env.BENCH_BETTER_SQLITE3;
  const better: SqliteDriverOption = path ? createRequire(import.meta.url)(path) : "better-sqlite3";
  if (has(better)) found.push({ name: "better-sqlite3", option: better });
  return found;
}

async function once(driver: Driver, url: string, events: number) {
  const filename = join(mkdtempSync(join(tmpdir(), "hookwire-drivers-")), "bench.db");
  const sender = createSender({
    store: sqliteStore({ filename, driver: driver.option }),
    allowHttp: true,
    allowPrivateNetwork: true,
  });
  await sender.subscriptions.create({ url, eventTypes: ["*"] });
  let start = performance.now();
  for (let i = 0; i < events; i++) await sender.publish({ type: "bench.event", data: { i } });
  const publish = events / ((performance.now() - start) / 1000);
  start = performance.now();
  let listed = 0;
  let cursor: string | undefined;
  do {
    const page = await sender.deliveries.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    listed += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const list = listed / ((performance.now() - start) / 1000);
  start = performance.now();
  let drained = 0;
  while (drained < events) {
    const n = await sender.drain({ limit: 64 });
    if (n === 0) break;
    drained += n;
  }
  const drain = drained / ((performance.now() - start) / 1000);
  await sender.close();
  if (listed !== events || drained !== events)
    throw new Error(`${driver.name}: listed ${listed}, drained ${drained}`);
  return { publish, list, drain };
}

/** Run the driver comparison and return its Markdown subsection. */
export async function sqliteDriversSection(): Promise<string> {
  const events = Number(process.env.BENCH_DRIVER_EVENTS ?? 2_000);
  const rounds = Number(process.env.BENCH_DRIVER_ROUNDS ?? 5);
  const found = drivers();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const results = new Map(
    found.map((d) => [d.name, [] as Array<{ publish: number; list: number; drain: number }>]),
  );
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? found : [...found].reverse();
    for (const driver of order) {
      const result = await once(driver, url, events);
      results.get(driver.name)!.push(result);
      console.error(
        `  round ${r + 1} ${driver.name}: publish ${fmt(result.publish)}/s, list ${fmt(result.list)}/s, drain ${fmt(result.drain)}/s`,
      );
      (globalThis as { gc?: () => void }).gc?.();
    }
  }
  server.close();
  const rows = found.map((d) => {
    const r = results.get(d.name)!;
    return `| ${d.name} | ${process.version} | ${fmt(median(r.map((x) => x.publish)))} | ${fmt(median(r.map((x) => x.list)))} | ${fmt(median(r.map((x) => x.drain)))} |`;
  });
  return [
    "| driver | Node | publish, events/s | list, rows/s | drain, deliveries/s |",
    "| --- | --- | ---: | ---: | ---: |",
    ...rows,
    "",
    `${events.toLocaleString("en")} events per round, median of ${rounds} rounds, drivers alternating in one process.`,
    "",
  ].join("\n");
}
