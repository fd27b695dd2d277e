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
    const started = Date.now();
    const waiting = s.waitForWork!(10_000, controller.signal);
    await new Promise((r) => setTimeout(r, 200));
    const sender = createSender({ store: store() }); // another process's view: a separate pool, the same schema
    const other = postgresStore({ connectionString: DATABASE_URL, schema: s.schema });
    const publisher = createSender({ store: other });
    await publisher.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    await publisher.publish({ type: "a.b", data: {} });
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    await publisher.close();
    await sender.close();
    await s.close();
  });

  it("refuses a schema name that is not a plain identifier", () => {
    expect(() => postgresStore({ connectionString: DATABASE_URL, schema: 'x"; DROP' })).toThrow(/identifier/);
  });
});
