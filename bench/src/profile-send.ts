// Profile one delivery worker: `node --conditions=@hookwire/source --import tsx bench/src/profile-send.ts <sqlite|postgres> [events] [delayMs]`
// publishes the events, then runs bench/src/servers/send-worker.ts under --cpu-prof until all arrive.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSender } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";

const [kind = "sqlite", eventsArg = "5000", delayArg = "0"] = process.argv.slice(2);
const total = Number(eventsArg);
const delay = Number(delayArg);
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
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
const worker = fileURLToPath(new URL("./servers/send-worker.ts", import.meta.url));
const child = spawn(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${process.env.PROF_DIR ?? "/tmp/prof"}`,
    "--conditions=@hookwire/source",
    "--import",
    "tsx",
    worker,
    kind === "sqlite" ? file : DATABASE_URL,
    schema,
  ],
  { stdio: ["pipe", "pipe", "inherit"] },
);
await once(child.stdout!, "data");
child.stdin!.write("go\n");
while (count < total) await new Promise((r) => setTimeout(r, 20));
console.log(`${kind}: ${((count - 1) / ((last - first) / 1000)).toFixed(0)} deliveries/s`);
child.kill("SIGTERM");
await once(child, "exit");
await sender.close();
server.closeAllConnections();
server.close();
