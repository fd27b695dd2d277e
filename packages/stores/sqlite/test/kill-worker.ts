// A delivery worker process for the kill test: killed with SIGKILL at random moments.
import { createSender } from "@hookwire/sender";
import { sqliteStore } from "../src/store.js";

const config = JSON.parse(process.env.HOOKWIRE_KILL_CONFIG ?? "{}") as { filename: string };
const sender = createSender({
  store: sqliteStore({ filename: config.filename }),
  allowPrivateNetwork: true,
  allowHttp: true,
  retrySchedule: [0, 50, 100, 200, 400, 800, 800, 800, 800, 800],
  retryJitter: 0,
  timeoutMs: 2_000,
});
sender
  .worker({ concurrency: 16, perSubscriptionConcurrency: 16, pollIntervalMs: 20, leaseMs: 1_000 })
  .start();
