// The Node 24 abort reproduction: open a store, publish 200 events, list deliveries, close — twenty
// times in one process, with garbage collection forced between rounds (run with --expose-gc).
// better-sqlite3 12 aborts here on Node 24 (`Assertion failed: (env) != nullptr` from a statement
// finalizer, exit code 134). Exits 0 and prints a JSON summary when every round completed.
// Usage: node --expose-gc [--conditions=@hookwire/source --import tsx] reopen-gc.ts [driver] [dir]
// where driver is "node:sqlite", "better-sqlite3", or the path of a better-sqlite3 package to use.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSender } from "@hookwire/sender";
import { type SqliteDriverOption, sqliteStore } from "../src/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const named = process.argv[2] || undefined;
const driver: SqliteDriverOption | undefined = named?.startsWith("/")
  ? createRequire(import.meta.url)(named)
  : (named as SqliteDriverOption | undefined);
const dir = process.argv[3] || mkdtempSync(join(tmpdir(), "hookwire-reopen-"));

const rounds = 20;
const events = 200;
let delivered = 0;
let used = "";
for (let round = 0; round < rounds; round++) {
  const store = sqliteStore({ filename: join(dir, `reopen-${round % 3}.db`), ...(driver ? { driver } : {}) });
  used = store.db.driver;
  const sender = createSender({ store, allowHttp: true, allowPrivateNetwork: true });
  await sender.subscriptions.create({ url: "http://127.0.0.1:9/hook", eventTypes: ["*"] });
  for (let i = 0; i < events; i++) await sender.publish({ type: "order.created", data: { round, i } });
  const page = await sender.deliveries.list({ limit: 100 });
  delivered += page.items.length;
  await sender.close();
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}
console.log(JSON.stringify({ node: process.version, driver: used, rounds, listed: delivered }));
