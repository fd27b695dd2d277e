import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebhookError } from "@hookwire/core";
import { runStoreConformance } from "@hookwire/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { betterSqlite3, DRIVER_ENV, defaultDriver, nodeSqlite, type SqliteDriverName } from "./driver.js";
import { sqliteStore } from "./store.js";

// Every driver this runtime can load: node:sqlite on Node 22.13+/24; better-sqlite3 where its
// native build matches this Node (the repository builds it for the Node that ran `pnpm install`).
function loads(driver: SqliteDriverName): boolean {
  if (driver === "node:sqlite") return nodeSqlite() !== undefined;
  try {
    new (betterSqlite3())(":memory:").close();
    return true;
  } catch {
    return false;
  }
}
const drivers = (["node:sqlite", "better-sqlite3"] as const).filter(loads);

it("runs on the driver this Node provides: node:sqlite from Node 22.13, better-sqlite3 on Node 20", () => {
  const major = Number(process.versions.node.split(".")[0]);
  expect(defaultDriver()).toBe(
    major >= 23 || (major === 22 && nodeSqlite() !== undefined) ? "node:sqlite" : "better-sqlite3",
  );
  expect(drivers).toContain(defaultDriver());
  if (major >= 24) expect(nodeSqlite()).toBeDefined();
});

const file = (name = "test.db") => join(mkdtempSync(join(tmpdir(), "hookwire-sqlite-")), name);

for (const driver of drivers) {
  runStoreConformance({
    name: `sqlite (${driver})`,
    create: async () => sqliteStore({ filename: file(), driver }),
  });

  describe(`sqliteStore setup (${driver})`, () => {
    it("opens the file in WAL mode with versioned migrations, synchronous NORMAL unless FULL is asked", async () => {
      const store = sqliteStore({ filename: file(), driver });
      expect(store.db.driver).toBe(driver);
      await store.migrate();
      await store.migrate();
      expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(store.db.pragma("synchronous", { simple: true })).toBe(1);
      expect(store.db.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(
        store.db
          .prepare("SELECT version FROM hookwire_migrations ORDER BY version")
          .all()
          .map((r) => ({ ...r })),
      ).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
      await store.close();
      expect(store.db.open).toBe(false);
      await store.close();
      const full = sqliteStore({ filename: file(), synchronous: "full", busyTimeoutMs: 250, driver });
      expect(full.db.pragma("synchronous", { simple: true })).toBe(2);
      expect(full.db.pragma("busy_timeout", { simple: true })).toBe(250);
      await full.close();
    });

    it("adds the attempts' request headers to a database made before them; older attempts read as null", async () => {
      const filename = file();
      const old = sqliteStore({ filename, driver });
      await old.migrate();
      // the database as the version before request headers left it
      old.db.exec(
        "ALTER TABLE attempts DROP COLUMN request_headers; DELETE FROM hookwire_migrations WHERE version = 3",
      );
      old.db
        .prepare(
          "INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status, response_body, error) VALUES ('att_old', 'dlv_old', 1, 1, 5, 200, 'ok', NULL)",
        )
        .run();
      await old.close();
      const store = sqliteStore({ filename, driver });
      await store.migrate();
      const [logged] = await store.listAttempts("dlv_old");
      expect(logged).toMatchObject({ id: "att_old", status: 200, requestHeaders: null, responseBody: "ok" });
      await store.close();
    });

    it("refuses an unknown synchronous setting with a coded error", () => {
      let code = "OK";
      try {
        sqliteStore({ filename: file(), synchronous: "off" as never, driver });
      } catch (error) {
        code = WebhookError.isInstance(error) ? error.code : "other";
      }
      expect(code).toBe("CONFIGURATION_INVALID");
    });

    it("rolls a transaction back when it throws, commits it when it returns, nests as savepoints", () => {
      const store = sqliteStore({ filename: file(), driver });
      const { db } = store;
      db.exec("CREATE TABLE t (n INTEGER)");
      const insert = db.prepare("INSERT INTO t (n) VALUES (@n)");
      const count = () => db.prepare("SELECT COUNT(*) AS c FROM t").get()?.c;
      expect(() =>
        db
          .transaction(() => {
            insert.run({ n: 1, unused: "ignored" });
            throw new Error("boom");
          })
          .immediate(),
      ).toThrow("boom");
      expect(count()).toBe(0);
      expect(db.inTransaction).toBe(false);
      const outer = db.transaction((n: number) => {
        insert.run({ n });
        expect(db.inTransaction).toBe(true);
        try {
          db.transaction(() => {
            insert.run({ n: n + 1 });
            throw new Error("inner");
          })();
        } catch {}
        return n;
      });
      expect(outer.immediate(5)).toBe(5);
      expect(
        db
          .prepare("SELECT n FROM t")
          .all()
          .map((r) => r.n),
      ).toEqual([5]);
      db.close();
    });

    it("waits for another connection's write lock up to the busy timeout, then fails", () => {
      const filename = file("busy.db");
      const a = sqliteStore({ filename, driver, busyTimeoutMs: 50 });
      const b = sqliteStore({ filename, driver, busyTimeoutMs: 50 });
      a.db.exec("CREATE TABLE t (n INTEGER)");
      a.db.exec("BEGIN IMMEDIATE");
      expect(() => b.db.exec("BEGIN IMMEDIATE")).toThrow(/locked|busy/i);
      a.db.exec("COMMIT");
      b.db.exec("BEGIN IMMEDIATE");
      b.db.exec("COMMIT");
      a.db.close();
      b.db.close();
    });
  });
}

// CI runs the whole suite on Node 20, 22 and 24 and sets HOOKWIRE_EXPECT_NODE to the major it meant.
it.runIf(process.env.HOOKWIRE_EXPECT_NODE)("runs on the Node.js version CI asked for", () => {
  expect(`v${process.env.HOOKWIRE_EXPECT_NODE}.`).toBe(
    process.version.slice(0, process.version.indexOf(".") + 1),
  );
});

describe("driver selection", () => {
  it("leaves process.emitWarning as it found it after loading node:sqlite", () => {
    const before = process.emitWarning;
    nodeSqlite();
    expect(process.emitWarning).toBe(before);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  for (const driver of drivers) {
    it(`takes the driver from ${DRIVER_ENV} when the code names none (${driver})`, async () => {
      vi.stubEnv(DRIVER_ENV, driver);
      const store = sqliteStore({ filename: file() });
      expect(store.db.driver).toBe(driver);
      await store.close();
    });
  }

  it(`refuses an unknown ${DRIVER_ENV} with a coded error naming the variable`, () => {
    vi.stubEnv(DRIVER_ENV, "sqlite3");
    let error: unknown;
    try {
      sqliteStore({ filename: file() });
    } catch (caught) {
      error = caught;
    }
    expect(WebhookError.isInstance(error) && error.code).toBe("CONFIGURATION_INVALID");
    expect((error as Error).message).toContain(DRIVER_ENV);
  });

  it("refuses an unknown driver with a coded error", () => {
    let code = "OK";
    try {
      sqliteStore({ filename: file(), driver: "sqlite3" as never });
    } catch (error) {
      code = WebhookError.isInstance(error) ? error.code : "other";
    }
    expect(code).toBe("CONFIGURATION_INVALID");
  });

  it.runIf(nodeSqlite() === undefined)(
    "names the fix when node:sqlite is asked for on a Node without it",
    () => {
      expect(() => sqliteStore({ filename: file(), driver: "node:sqlite" })).toThrow(
        /Node\.js 22\.13 or later/,
      );
    },
  );
});
