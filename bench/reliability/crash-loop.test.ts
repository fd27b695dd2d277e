import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSender } from "@hookwire/sender";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";
import { runKillLoop } from "@hookwire/test-utils";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { record } from "./summary.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `hookwire_rel_${Math.random().toString(36).slice(2, 10)}`;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI === "true")
      throw new Error(`PostgreSQL is required in CI: ${(error as Error).message}`);
    console.warn(`[reliability] PostgreSQL crash loop skipped: ${(error as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await postgresReachable();
afterAll(async () => {
  if (!hasPostgres) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe("worker crash loop", () => {
  it("SQLite: SIGKILL after every few hundred deliveries, 12 times during 5,000 deliveries — nothing lost, nothing stuck", async () => {
    const filename = join(mkdtempSync(join(tmpdir(), "hookwire-crash-")), "crash.db");
    const sender = createSender({
      store: sqliteStore({ filename }),
      allowPrivateNetwork: true,
      allowHttp: true,
    });
    const result = await runKillLoop({
      sender,
      workerScript: fileURLToPath(
        new URL("../../packages/stores/sqlite/test/kill-worker.ts", import.meta.url),
      ),
      config: { filename },
      events: 5_000,
      kills: 12,
      receiverDelayMs: 5,
    });
    await sender.close();
    expect(result.killsMidway).toBe(12);
    expect(result.distinctReceived).toBe(5_000);
    expect(result.counts).toEqual({ pending: 0, delivered: 5_000, failed: 0 });
    record({
      suite: "Crash loops",
      tried: `SQLite: ${result.kills} SIGKILLs of the worker process (${result.killsMidway} mid-delivery) during 5,000 deliveries`,
      held: `5,000 of 5,000 events received (${result.totalReceived - 5_000} duplicate deliveries, allowed: at least once); 0 pending, 0 failed`,
    });
  }, 480_000);

  (hasPostgres ? it : it.skip)(
    "PostgreSQL: SIGKILL after every few hundred deliveries, 12 times during 5,000 deliveries — nothing lost, nothing stuck",
    async () => {
      const sender = createSender({
        store: postgresStore({ connectionString: DATABASE_URL, schema }),
        allowPrivateNetwork: true,
        allowHttp: true,
      });
      const result = await runKillLoop({
        sender,
        workerScript: fileURLToPath(
          new URL("../../packages/stores/postgres/test/kill-worker.ts", import.meta.url),
        ),
        config: { url: DATABASE_URL, schema },
        events: 5_000,
        kills: 12,
        receiverDelayMs: 5,
      });
      await sender.close();
      expect(result.killsMidway).toBe(12);
      expect(result.distinctReceived).toBe(5_000);
      expect(result.counts).toEqual({ pending: 0, delivered: 5_000, failed: 0 });
      record({
        suite: "Crash loops",
        tried: `PostgreSQL: ${result.kills} SIGKILLs of the worker process (${result.killsMidway} mid-delivery) during 5,000 deliveries`,
        held: `5,000 of 5,000 events received (${result.totalReceived - 5_000} duplicate deliveries, allowed: at least once); 0 pending, 0 failed`,
      });
    },
    480_000,
  );
});
