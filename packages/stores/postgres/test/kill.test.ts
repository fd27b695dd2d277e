import { fileURLToPath } from "node:url";
import { createSender } from "@hookwire/sender";
import { runKillLoop } from "@hookwire/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { postgresStore } from "../src/store.js";
import { DATABASE_URL, databaseUnavailable, dropSchemas, schemaName } from "./database.js";

const unavailable = await databaseUnavailable();
if (unavailable) console.warn(`[store-postgres] kill tests skipped: ${unavailable}`);
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
const workerScript = fileURLToPath(new URL("./kill-worker.ts", import.meta.url));

(unavailable ? describe.skip : describe)("PostgreSQL under crashing and concurrent workers", () => {
  it("loses nothing when the worker process is SIGKILLed again and again (2,000 events)", async () => {
    const schema = schemaName();
    schemas.push(schema);
    const sender = createSender({
      store: postgresStore({ connectionString: DATABASE_URL, schema }),
      allowPrivateNetwork: true,
      allowHttp: true,
    });
    const result = await runKillLoop({
      sender,
      workerScript,
      config: { url: DATABASE_URL, schema },
      events: 2_000,
      kills: 6,
    });
    await sender.close();
    // every kill landed after observed progress and before the last delivery
    expect(result.kills).toBe(6);
    expect(result.killsMidway).toBe(6);
    expect(result.receivedAtKills.every((n) => n > 0 && n < 2_000)).toBe(true);
    expect(result.distinctReceived).toBe(2_000);
    expect(result.counts).toEqual({ pending: 0, delivered: 2_000, failed: 0 });
  }, 400_000);

  it("three worker processes on one database never send a delivery twice while its lease is valid", async () => {
    const schema = schemaName();
    schemas.push(schema);
    const sender = createSender({
      store: postgresStore({ connectionString: DATABASE_URL, schema }),
      allowPrivateNetwork: true,
      allowHttp: true,
    });
    const result = await runKillLoop({
      sender,
      workerScript,
      config: { url: DATABASE_URL, schema, leaseMs: 60_000 },
      events: 1_500,
      workers: 3,
      kills: 0,
      receiverDelayMs: 2,
    });
    await sender.close();
    expect(result.distinctReceived).toBe(1_500);
    expect(result.totalReceived).toBe(1_500);
    expect(result.maxCopies).toBe(1);
    expect(result.counts).toEqual({ pending: 0, delivered: 1_500, failed: 0 });
  }, 400_000);
});
