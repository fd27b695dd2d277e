import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HookwireSender } from "@hookwire/sender";

/** Options of {@link runKillLoop}. */
export interface KillLoopOptions {
  /** The parent's sender on the same store the workers use (publishes and reads counts). */
  sender: HookwireSender;
  /** A TypeScript file that starts a worker on the same store; it gets `HOOKWIRE_KILL_CONFIG` (JSON). */
  workerScript: string;
  /** Passed to the workers as `HOOKWIRE_KILL_CONFIG`. */
  config: Record<string, unknown>;
  /** Events to publish (default 2,000). */
  events?: number;
  /** Worker processes at once (default 1). */
  workers?: number;
  /** How many times to SIGKILL the workers (default 6). */
  kills?: number;
  /** Milliseconds a worker lives before it is killed: a random value in this range (default 300–900). */
  lifetimeMs?: [number, number];
  /** Give up after this long (default 90 s). */
  timeoutMs?: number;
  /** How long the receiver takes per request, so that kills land mid-way (default 10 ms). */
  receiverDelayMs?: number;
}

/** What {@link runKillLoop} observed. */
export interface KillLoopResult {
  published: number;
  distinctReceived: number;
  totalReceived: number;
  kills: number;
  /** Kills that happened while deliveries were still outstanding. */
  killsMidway: number;
  counts: Record<"pending" | "delivered" | "failed", number>;
  /** The largest number of times any one webhook-id arrived while its delivery was leased (duplicates are allowed: at least once). */
  maxCopies: number;
}

function startWorker(script: string, config: Record<string, unknown>): ChildProcess {
  return spawn(process.execPath, ["--conditions=@hookwire/source", "--import", "tsx", script], {
    env: { ...process.env, HOOKWIRE_KILL_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * Publish events, then run worker processes that are SIGKILLed again and again while they deliver to
 * a local receiver; finally let a last generation finish. Used by the SQLite and PostgreSQL kill tests.
 */
export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const total = options.events ?? 2_000;
  const seen = new Map<string, number>();
  let received = 0;
  const server: Server = createServer((req, res) => {
    const id = String(req.headers["webhook-id"]);
    req.resume();
    req.on("end", () => {
      setTimeout(() => {
        received++;
        seen.set(id, (seen.get(id) ?? 0) + 1);
        res.end("ok");
      }, options.receiverDelayMs ?? 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  await options.sender.subscriptions.create({ url, eventTypes: ["*"] });
  for (let i = 0; i < total; i++) await options.sender.publish({ type: "kill.test", data: { i } });

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const [min, max] = options.lifetimeMs ?? [300, 900];
  const workers = options.workers ?? 1;
  let kills = 0;
  let killsMidway = 0;
  try {
    while (kills < (options.kills ?? 6) && seen.size < total && Date.now() < deadline) {
      const children = Array.from({ length: workers }, () =>
        startWorker(options.workerScript, options.config),
      );
      await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
      if (seen.size > 0 && seen.size < total) killsMidway += children.length;
      for (const child of children) child.kill("SIGKILL");
      await Promise.all(
        children.map((child) =>
          child.exitCode === null && child.signalCode === null ? once(child, "exit") : null,
        ),
      );
      kills += children.length;
    }
    const finals = Array.from({ length: workers }, () => startWorker(options.workerScript, options.config));
    try {
      for (;;) {
        const counts = await options.sender.deliveries.counts();
        if (counts.pending === 0) break;
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      for (const child of finals) child.kill("SIGKILL");
      await Promise.all(
        finals.map((child) =>
          child.exitCode === null && child.signalCode === null ? once(child, "exit") : null,
        ),
      );
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return {
    published: total,
    distinctReceived: seen.size,
    totalReceived: received,
    kills,
    killsMidway,
    counts: await options.sender.deliveries.counts(),
    maxCopies: Math.max(0, ...seen.values()),
  };
}
