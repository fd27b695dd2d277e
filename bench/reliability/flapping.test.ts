import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSender } from "@hookwire/sender";
import { sqliteStore } from "@hookwire/store-sqlite";
import { expect, it } from "vitest";
import { record } from "./summary.js";

it("a flapping receiver: every event is delivered or dead-lettered with its attempts logged, none dropped", async () => {
  const TOTAL = 500;
  const acknowledged = new Set<string>();
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const behaviours = { ok: 0, error500: 0, timeout: 0, closed: 0, slowBody: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const roll = random();
      const id = String(req.headers["webhook-id"]);
      if (roll < 0.35) {
        behaviours.ok++;
        acknowledged.add(id);
        res.end("ok");
      } else if (roll < 0.6) {
        behaviours.error500++;
        res.statusCode = 500;
        res.end("flap");
      } else if (roll < 0.72) {
        behaviours.timeout++; // never answers: the sender's timeout must end the attempt
      } else if (roll < 0.86) {
        behaviours.closed++;
        req.socket.destroy();
      } else {
        behaviours.slowBody++; // 200 with a body dribbled slower than the timeout allows
        res.writeHead(200);
        const timer = setInterval(() => res.write("."), 100);
        setTimeout(() => {
          clearInterval(timer);
          res.end();
        }, 2_000);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const schedule = [0, 20, 40, 60, 80, 100];
  const sender = createSender({
    store: sqliteStore({ filename: join(mkdtempSync(join(tmpdir(), "hookwire-flap-")), "flap.db") }),
    allowPrivateNetwork: true,
    allowHttp: true,
    retrySchedule: schedule,
    retryJitter: 0,
    timeoutMs: 300,
  });
  await sender.subscriptions.create({ url, eventTypes: ["*"] });
  const ids: string[] = [];
  for (let i = 0; i < TOTAL; i++) ids.push((await sender.publish({ type: "flap.event", data: { i } })).id);
  const worker = sender.worker({
    concurrency: 32,
    perSubscriptionConcurrency: 32,
    pollIntervalMs: 10,
    leaseMs: 5_000,
  });
  worker.start();
  const deadline = Date.now() + 90_000;
  while ((await sender.deliveries.counts()).pending > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await worker.stop();
  const counts = await sender.deliveries.counts();
  expect(counts.pending).toBe(0);
  expect(counts.delivered + counts.failed).toBe(TOTAL);
  let logged = 0;
  for (const status of ["delivered", "failed"] as const) {
    let cursor: string | undefined;
    do {
      const page = await sender.deliveries.list({ status, limit: 250, ...(cursor ? { cursor } : {}) });
      for (const delivery of page.items) {
        const attempts = await sender.deliveries.attempts(delivery.id);
        expect(attempts).toHaveLength(delivery.attempts);
        logged += attempts.length;
        if (status === "delivered") {
          expect(attempts.at(-1)!.status).toBe(200);
          expect(acknowledged.has(delivery.eventId)).toBe(true);
        } else {
          expect(delivery.attempts).toBe(schedule.length);
          expect(attempts.every((a) => a.status !== 200 || a.error !== null)).toBe(true);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  server.closeAllConnections();
  server.close();
  await sender.close();
  record({
    suite: "Flapping receiver",
    tried: `${TOTAL} events to a receiver that answered 500, never answered, closed the connection, or dribbled its body past the 300 ms timeout (${Object.entries(
      behaviours,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}), schedule of ${schedule.length} attempts`,
    held: `${counts.delivered} delivered (each acknowledged by the receiver), ${counts.failed} dead-lettered after ${schedule.length} attempts, 0 pending; ${logged} attempts logged`,
  });
}, 120_000);
