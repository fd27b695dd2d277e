// A delivery worker process for the kill and multi-worker tests.
import { createSender } from "@hookwire/sender";
import { postgresStore } from "../src/store.js";

const config = JSON.parse(process.env.HOOKWIRE_KILL_CONFIG ?? "{}") as {
  url: string;
  schema: string;
  leaseMs?: number;
};
const sender = createSender({
  store: postgresStore({ connectionString: config.url, schema: config.schema, max: 4 }),
  allowPrivateNetwork: true,
  allowHttp: true,
  retrySchedule: [0, 50, 100, 200, 400, 800, 800, 800, 800, 800],
  retryJitter: 0,
  timeoutMs: 2_000,
});
sender
  .worker({
    concurrency: 16,
    perSubscriptionConcurrency: 16,
    pollIntervalMs: 50,
    leaseMs: config.leaseMs ?? 1_000,
  })
  .start();
