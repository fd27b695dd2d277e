import { randomBytes } from "node:crypto";
import pg from "pg";

/** The test database: DATABASE_URL, or the local default. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * Whether PostgreSQL answers. Without it the tests skip with a visible message on a laptop, and FAIL in
 * CI (CI=true), where the database must be there.
 */
export async function databaseUnavailable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return false;
  } catch (error) {
    const reason = `PostgreSQL is not reachable at ${DATABASE_URL} (${(error as Error).message}); set DATABASE_URL to run these tests`;
    if (process.env.CI === "true") throw new Error(`${reason}. CI requires it.`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema name for one test run. */
export function schemaName(): string {
  return `hookwire_test_${randomBytes(6).toString("hex")}`;
}

/** Drop the schemas a test run made. */
export async function dropSchemas(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
