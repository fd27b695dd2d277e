import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
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
  /** How many worker processes to SIGKILL in all (default 6); each generation of `workers` processes is killed at once. */
  kills?: number;
  /**
   * New distinct deliveries a generation must make before it is killed (default: the events spread evenly over
   * the generations). The receiver holds every further request of that generation unanswered until the kill,
   * so each kill lands after observed progress and before the last delivery, however busy the machine is.
   */
  progressPerKill?: number;
  /** Give up after this long (default 300 s); the error names what was still missing. */
  timeoutMs?: number;
  /** How long the receiver takes per request (default 10 ms). */
  receiverDelayMs?: number;
}

/** What {@link runKillLoop} observed. */
export interface KillLoopResult {
  published: number;
  distinctReceived: number;
  totalReceived: number;
  kills: number;
  /** Kills that happened after some deliveries were received and while others were still outstanding. */
  killsMidway: number;
  /** Distinct deliveries received when each generation was killed. */
  receivedAtKills: number[];
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

async function killAll(children: ChildProcess[]): Promise<void> {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(
    children.map((child) =>
      child.exitCode === null && child.signalCode === null ? once(child, "exit") : null,
    ),
  );
}

/**
 * Publish events, then run worker processes that are SIGKILLed again and again while they deliver to a local
 * receiver; finally let a last generation finish. Used by the SQLite and PostgreSQL kill tests.
 *
 * A generation is killed only after it has delivered `progressPerKill` new events; once it has, the receiver
 * answers nothing more until the kill (the held requests are cut, so their deliveries come back when their
 * leases expire). Every kill therefore lands mid-way, on a fast machine or a loaded one.
 */
export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const total = options.events ?? 2_000;
  const workers = options.workers ?? 1;
  const generations = Math.floor((options.kills ?? 6) / workers);
  const step = Math.max(1, options.progressPerKill ?? Math.floor(total / (generations + 1)));
  const seen = new Map<string, number>();
  /** Ids admitted for an answer but not answered yet. */
  const answering = new Set<string>();
  /** Requests held unanswered because the generation reached its quota. */
  const held = new Set<ServerResponse>();
  /** While set, no more than this many distinct ids are answered. */
  let quota: number | null = null;
  let received = 0;
  const server: Server = createServer((req, res) => {
    const id = String(req.headers["webhook-id"]);
    req.resume();
    req.on("end", () => {
      const fresh = !seen.has(id) && !answering.has(id);
      if (fresh && quota !== null && seen.size + answering.size >= quota) {
        held.add(res);
        res.on("close", () => held.delete(res));
        return;
      }
      if (fresh) answering.add(id);
      setTimeout(() => {
        received++;
        answering.delete(id);
        seen.set(id, (seen.get(id) ?? 0) + 1);
        res.end("ok");
      }, options.receiverDelayMs ?? 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  await options.sender.subscriptions.create({ url, eventTypes: ["*"] });
  for (let i = 0; i < total; i++) await options.sender.publish({ type: "kill.test", data: { i } });

  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const waitUntil = async (done: () => boolean | Promise<boolean>, what: string) => {
    while (!(await done())) {
      if (Date.now() > deadline)
        throw new Error(`kill loop: gave up waiting for ${what} (${seen.size} of ${total} received)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  let kills = 0;
  let killsMidway = 0;
  const receivedAtKills: number[] = [];
  try {
    for (let generation = 0; generation < generations; generation++) {
      const target = Math.min(seen.size + step, total - 1);
      if (target <= seen.size) break;
      quota = target;
      const children = Array.from({ length: workers }, () =>
        startWorker(options.workerScript, options.config),
      );
      try {
        await waitUntil(
          () => seen.size >= target,
          `generation ${generation + 1} to deliver ${target} events`,
        );
      } finally {
        await killAll(children);
      }
      receivedAtKills.push(seen.size);
      if (seen.size > 0 && seen.size < total) killsMidway += children.length;
      kills += children.length;
      // the killed workers' held requests: cut them, their deliveries are taken again after the lease
      for (const res of held) res.destroy();
      held.clear();
    }
    quota = null;
    const finals = Array.from({ length: workers }, () => startWorker(options.workerScript, options.config));
    try {
      await waitUntil(
        async () => seen.size === total && (await options.sender.deliveries.counts()).pending === 0,
        "the last generation to deliver everything",
      );
    } finally {
      await killAll(finals);
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
    receivedAtKills,
    counts: await options.sender.deliveries.counts(),
    maxCopies: Math.max(0, ...seen.values()),
  };
}
