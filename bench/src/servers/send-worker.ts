// A delivery worker process for the sending benchmark: `send-worker.ts <sqlite file | postgres url> [schema]`.
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
const worker = sender.worker({ concurrency: 16, perSubscriptionConcurrency: 16, pollIntervalMs: 20 });
worker.start();
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await worker.stop();
  await sender.close();
  process.exit(0);
});
