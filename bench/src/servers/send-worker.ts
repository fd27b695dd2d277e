// A delivery worker process for the sending benchmark: `send-worker.ts <sqlite file | postgres url> [schema]`;
// it prints `ready`, then starts delivering when a line arrives on stdin.
import { createSender } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";

const [database = "", schema = "hookwire"] = process.argv.slice(2);
const store = database.startsWith("postgres")
  ? postgresStore({ connectionString: database, schema, max: 6 })
  : sqliteStore({ filename: database });
const sender = createSender({
  store,
  allowPrivateNetwork: true,
  allowHttp: true,
  retrySchedule: [0, 100, 100],
});
// the per-subscription cap above what the processes hold leased, so that it does not bind: 16 in flight and
// 32 or a few more leased ahead each where the endpoint answers after 50 ms (four processes: about 200); up to
// 64 ahead where it answers at once and leases wait for the database (one process)
const worker = sender.worker({ concurrency: 16, perSubscriptionConcurrency: 256, pollIntervalMs: 20 });
// start together: the benchmark says "go" on stdin once every worker process is ready
process.stdout.write("ready\n");
process.stdin.once("data", () => worker.start());
process.once("SIGTERM", () => {
  const exit = () => process.exit(0);
  worker
    .stop()
    .then(() => sender.close())
    .then(exit, exit);
});
