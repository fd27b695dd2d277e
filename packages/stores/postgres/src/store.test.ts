import { createSender } from "@hookwire/sender";
import { runStoreConformance } from "@hookwire/test-utils";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_URL, databaseUnavailable, dropSchemas, schemaName } from "../test/database.js";
import { postgresStore } from "./store.js";

const unavailable = await databaseUnavailable();
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

function store() {
  const schema = schemaName();
  schemas.push(schema);
  return postgresStore({ connectionString: DATABASE_URL, schema });
}

runStoreConformance({ name: "postgres", skip: unavailable, create: async () => store() });

(unavailable ? describe.skip : describe)("postgres specifics", () => {
  it("publish joins the application's transaction: rolled back, the event never existed", async () => {
    const s = store();
    const sender = createSender({ store: s });
    await sender.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query("BEGIN");
      const inTx = await sender.publish({ type: "invoice.paid", data: {}, id: "evt-tx-1" }, { client });
      expect(inTx.deliveries).toBe(1);
      await client.query("ROLLBACK");
      expect((await sender.deliveries.list()).items).toHaveLength(0);
      await client.query("BEGIN");
      await sender.publish({ type: "invoice.paid", data: {}, id: "evt-tx-1" }, { client });
      await client.query("COMMIT");
      expect((await sender.deliveries.list()).items).toHaveLength(1);
    } finally {
      await client.end();
      await sender.close();
    }
  });

  it("wakes an idle worker through LISTEN/NOTIFY", async () => {
    const s = store();
    await s.migrate();
    const controller = new AbortController();
    await s.waitForWork!(1, controller.signal); // resolves once LISTEN is established (then after 1 ms)
    const started = Date.now();
    const waiting = s.waitForWork!(60_000, controller.signal);
    const sender = createSender({ store: store() }); // another process's view: a separate pool, the same schema
    const other = postgresStore({ connectionString: DATABASE_URL, schema: s.schema });
    const publisher = createSender({ store: other });
    await publisher.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    await publisher.publish({ type: "a.b", data: {} });
    await waiting;
    expect(Date.now() - started).toBeLessThan(60_000); // woken by the notification, not by the timeout
    await publisher.close();
    await sender.close();
    await s.close();
  }, 90_000);

  it("wakes an idle worker when another hands back deliveries it leased and never started", async () => {
    const s = store();
    await s.migrate();
    const other = postgresStore({ connectionString: DATABASE_URL, schema: s.schema });
    const publisher = createSender({ store: other });
    await publisher.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    await publisher.publish({ type: "a.b", data: {} });
    const [leased] = await other.lease({ now: Date.now(), limit: 10, leaseMs: 60_000 });
    expect(leased).toBeDefined();
    const controller = new AbortController();
    await s.waitForWork!(1, controller.signal); // resolves once LISTEN is established (then after 1 ms)
    const started = Date.now();
    const waiting = s.waitForWork!(60_000, controller.signal);
    const [handedBack] = await other.completeMany([
      { leased: leased!, status: "pending", nextAttemptAt: leased!.delivery.nextAttemptAt ?? 0, error: null },
    ]);
    expect(handedBack).toBe(true);
    await waiting;
    expect(Date.now() - started).toBeLessThan(60_000); // woken by the notification, not by the timeout
    const [again] = await s.lease({ now: Date.now(), limit: 10, leaseMs: 60_000 });
    expect(again?.delivery.id).toBe(leased!.delivery.id);
    await publisher.close();
    await s.close();
  }, 90_000);

  it("replaces a LISTEN connection the server dropped, without leaking it from the pool", async () => {
    const schema = schemaName();
    schemas.push(schema);
    const s = postgresStore({ connectionString: DATABASE_URL, schema, max: 2 });
    await s.migrate();
    await s.waitForWork!(20, new AbortController().signal);
    expect(s.pool.totalCount).toBe(1);
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()",
      [`LISTEN "hookwire_${schema}"`],
    );
    await admin.end();
    expect(killed.rowCount).toBe(1);
    for (let i = 0; i < 3_000 && s.pool.totalCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(s.pool.totalCount).toBe(0);
    await s.waitForWork!(20, new AbortController().signal); // listens again on a fresh connection
    const started = Date.now();
    const waiting = s.waitForWork!(60_000, new AbortController().signal);
    const publisher = createSender({ store: postgresStore({ connectionString: DATABASE_URL, schema }) });
    await publisher.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    await publisher.publish({ type: "a.b", data: {} });
    await waiting;
    expect(Date.now() - started).toBeLessThan(60_000); // woken by the notification, not by the timeout
    await publisher.close();
    await s.close();
  }, 90_000);

  it("adds the attempts' request headers to a schema made before them; older attempts read as null", async () => {
    const schema = schemaName();
    schemas.push(schema);
    const old = postgresStore({ connectionString: DATABASE_URL, schema });
    await old.migrate();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      // the schema as the version before request headers left it
      await client.query(
        `ALTER TABLE "${schema}".attempts DROP COLUMN request_headers; DELETE FROM "${schema}".hookwire_migrations WHERE version = 3`,
      );
      await client.query(
        `INSERT INTO "${schema}".attempts (id, delivery_id, attempt, started_at, duration_ms, status, response_body, error)
         VALUES ('att_old', 'dlv_old', 1, 1, 5, 200, 'ok', NULL)`,
      );
    } finally {
      await client.end();
    }
    await old.close();
    const store = postgresStore({ connectionString: DATABASE_URL, schema });
    await store.migrate();
    const [logged] = await store.listAttempts("dlv_old");
    expect(logged).toMatchObject({ id: "att_old", status: 200, requestHeaders: null, responseBody: "ok" });
    await store.close();
  });

  it("refuses a schema name that is not a plain identifier", () => {
    expect(() => postgresStore({ connectionString: DATABASE_URL, schema: 'x"; DROP' })).toThrow(/identifier/);
  });
});
