import { createRequire } from "node:module";
import { WebhookError } from "@hookwire/core";

/**
 * The SQLite bindings the store can run on.
 *
 * @example
 * ```ts
 * const driver: SqliteDriverName = sqliteStore({ filename: "webhooks.db" }).db.driver;
 * ```
 */
export type SqliteDriverName = "node:sqlite" | "better-sqlite3";

/**
 * One row as the drivers return it: column name → value.
 *
 * @example
 * ```ts
 * const row: SqliteRow | undefined = store.db.prepare("SELECT COUNT(*) AS n FROM deliveries").get();
 * ```
 */
export type SqliteRow = Record<string, unknown>;

/**
 * What `run` reports: rows changed and the last inserted rowid.
 *
 * @example
 * ```ts
 * const { changes }: SqliteRunResult = store.db.prepare("DELETE FROM attempts WHERE started_at < ?").run(cutoff);
 * ```
 */
export interface SqliteRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement: the subset of better-sqlite3's `Statement` and `node:sqlite`'s
 * `StatementSync` that both share. Parameters are positional (`?`) values, or one object of
 * named values (`@name` in the SQL, `name` in the object; extra keys are ignored).
 *
 * @example
 * ```ts
 * const byStatus: SqliteStatement = store.db.prepare("SELECT * FROM deliveries WHERE status = @status");
 * byStatus.all({ status: "failed" });
 * ```
 */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): SqliteRow | undefined;
  all(...params: unknown[]): SqliteRow[];
}

/**
 * A function wrapped in a transaction, with better-sqlite3's `BEGIN` variants.
 *
 * @example
 * ```ts
 * const purge: SqliteTransaction<[number], void> = store.db.transaction((cutoff: number) => {
 *   store.db.prepare("DELETE FROM attempts WHERE started_at < ?").run(cutoff);
 * });
 * purge.immediate(Date.now() - 30 * 86_400_000);
 * ```
 */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

/**
 * The database handle the SQLite store works on, whichever driver opened it: the subset of
 * better-sqlite3's `Database` that `node:sqlite` can provide with the same meaning.
 *
 * @example
 * ```ts
 * const store = sqliteStore({ filename: "webhooks.db" });
 * store.db.driver; // "node:sqlite" on Node 22.13+ and 24, "better-sqlite3" on Node 20
 * store.db.pragma("journal_mode", { simple: true }); // "wal"
 * ```
 */
export interface SqliteDatabase {
  /** Which binding opened the file. */
  readonly driver: SqliteDriverName;
  /** `false` once closed. */
  readonly open: boolean;
  /** `true` inside a transaction. */
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): void;
  /** Runs `PRAGMA <source>`; with `simple`, returns the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /**
   * Wraps `fn` in a transaction: committed when it returns, rolled back when it throws; a nested
   * call becomes a savepoint. `.immediate(...)` takes the write lock at `BEGIN`.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>;
  close(): void;
}

/**
 * The better-sqlite3 `Database` class, or anything constructed the same way. Passing it as the
 * store's `driver` uses that copy of better-sqlite3 (bundled apps, a build for another Node).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3";
 * sqliteStore({ filename: "webhooks.db", driver: Database });
 * ```
 */
export type BetterSqlite3Constructor = new (filename: string) => BetterSqlite3Database;

interface BetterSqlite3Database {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>;
  close(): unknown;
}

/**
 * Which driver to open the database with: by name, or a better-sqlite3 class to use.
 *
 * @example
 * ```ts
 * sqliteStore({ filename: "webhooks.db", driver: "node:sqlite" });
 * ```
 */
export type SqliteDriverOption = SqliteDriverName | BetterSqlite3Constructor;

// node:sqlite, as far as the store uses it (declared here: @types/node 20 does not know it).
interface NodeStatementSync extends SqliteStatement {
  setAllowUnknownNamedParameters?(enabled: boolean): void;
}
interface NodeDatabaseSync {
  readonly isOpen?: boolean;
  readonly isTransaction?: boolean;
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (filename: string) => NodeDatabaseSync;
}

const prefix = "[@hookwire/store-sqlite]";

/**
 * `node:sqlite` if this runtime has it without a flag (Node 22.13+, 24), else `undefined`.
 * Loaded at run time so that the same build runs on Node 20, which has no `node:sqlite`.
 */
export function nodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltinModule = (process as unknown as { getBuiltinModule?: (id: string) => unknown })
    .getBuiltinModule;
  if (typeof getBuiltinModule !== "function") return undefined;
  // Node 22 prints "ExperimentalWarning: SQLite is an experimental feature" when node:sqlite first
  // loads (Node 24 does not). The store uses only the part of the API that is the same on 22 and 24,
  // so that one warning is dropped while this call loads it; every other warning passes through.
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const message = typeof warning === "string" ? warning : warning?.message;
    if (type === "ExperimentalWarning" && message?.startsWith("SQLite is an experimental feature")) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    const module = getBuiltinModule("node:sqlite") as NodeSqliteModule | undefined;
    return typeof module?.DatabaseSync === "function" ? module : undefined;
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
}

const betterSqlite3Cache = new Map<string, BetterSqlite3Constructor>();

/**
 * The better-sqlite3 installed beside this package (or the one at `path`, an absolute path of a
 * better-sqlite3 package); throws a coded error naming the fix.
 */
export function betterSqlite3(path = "better-sqlite3"): BetterSqlite3Constructor {
  const cached = betterSqlite3Cache.get(path);
  if (cached) return cached;
  let loaded: unknown;
  try {
    loaded = createRequire(import.meta.url)(path);
  } catch (cause) {
    const missing = (cause as { code?: string }).code === "MODULE_NOT_FOUND";
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      missing
        ? `${prefix} This Node.js (${process.version}) has no node:sqlite, and better-sqlite3 is not installed. Run Node.js 22.13 or later, or \`npm install better-sqlite3\`.`
        : `${prefix} better-sqlite3 could not be loaded on Node.js ${process.version}: ${(cause as Error).message}. Reinstall it for this Node.js (\`npm rebuild better-sqlite3\`), or use the built-in node:sqlite (Node.js 22.13 or later, driver: "node:sqlite").`,
      { cause },
    );
  }
  const Database = ((loaded as { default?: unknown }).default ?? loaded) as BetterSqlite3Constructor;
  betterSqlite3Cache.set(path, Database);
  return Database;
}

/**
 * The environment variable that chooses the driver when the code names none (for apps that build
 * the store for you, such as `hookwire serve`): `node:sqlite`, `better-sqlite3`, or the absolute
 * path of a better-sqlite3 package to load.
 *
 * @example
 * ```sh
 * HOOKWIRE_SQLITE_DRIVER=better-sqlite3 hookwire serve --database webhooks.db --api-key "$KEY"
 * ```
 */
export const DRIVER_ENV = "HOOKWIRE_SQLITE_DRIVER";

/**
 * The driver `sqliteStore` picks when none is named: `node:sqlite` where the runtime has it, else
 * better-sqlite3 (unless {@link DRIVER_ENV} says otherwise).
 *
 * @example
 * ```ts
 * defaultDriver(); // "node:sqlite" on Node.js 22.13+ and 24, "better-sqlite3" on Node.js 20
 * ```
 */
export function defaultDriver(): SqliteDriverName {
  const fromEnv = process.env[DRIVER_ENV];
  if (fromEnv === "node:sqlite" || fromEnv === "better-sqlite3") return fromEnv;
  if (fromEnv?.startsWith("/")) return "better-sqlite3";
  return nodeSqlite() ? "node:sqlite" : "better-sqlite3";
}

function driverFromEnv(): SqliteDriverOption {
  const fromEnv = process.env[DRIVER_ENV];
  if (!fromEnv) return defaultDriver();
  if (fromEnv === "node:sqlite" || fromEnv === "better-sqlite3") return fromEnv;
  if (fromEnv.startsWith("/")) return betterSqlite3(fromEnv);
  throw new WebhookError(
    "CONFIGURATION_INVALID",
    `${prefix} ${DRIVER_ENV} must be "node:sqlite", "better-sqlite3" or the absolute path of a better-sqlite3 package (it is "${fromEnv}"). Unset it to choose automatically.`,
  );
}

/** Opens `filename` with the chosen driver (default: {@link defaultDriver}). */
export function openDatabase(filename: string, driver: SqliteDriverOption = driverFromEnv()): SqliteDatabase {
  if (typeof driver === "function") return openBetterSqlite3(driver, filename);
  if (driver === "better-sqlite3") return openBetterSqlite3(betterSqlite3(), filename);
  if (driver === "node:sqlite") {
    const sqlite = nodeSqlite();
    if (!sqlite) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `${prefix} driver "node:sqlite" needs Node.js 22.13 or later (this is ${process.version}). Leave driver unset to use better-sqlite3 here.`,
      );
    }
    return fromNodeSqlite(new sqlite.DatabaseSync(filename));
  }
  throw new WebhookError(
    "CONFIGURATION_INVALID",
    `${prefix} driver must be "node:sqlite", "better-sqlite3" or the better-sqlite3 Database class.`,
  );
}

function openBetterSqlite3(Database: BetterSqlite3Constructor, filename: string): SqliteDatabase {
  let db: BetterSqlite3Database;
  try {
    db = new Database(filename);
  } catch (cause) {
    // The native part loads on first open: a build for another Node.js fails here.
    const code = (cause as { code?: string }).code;
    const message = (cause as Error).message ?? "";
    if (
      code === "ERR_DLOPEN_FAILED" ||
      /NODE_MODULE_VERSION|did not self-register|bindings file/.test(message)
    ) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `${prefix} better-sqlite3 is not built for this Node.js (${process.version}): ${message.split("\n")[0]} Rebuild it (\`npm rebuild better-sqlite3\`), or use the built-in node:sqlite (Node.js 22.13 or later).`,
        { cause },
      );
    }
    throw cause;
  }
  return fromBetterSqlite3(db);
}

function fromBetterSqlite3(db: BetterSqlite3Database): SqliteDatabase {
  return {
    driver: "better-sqlite3",
    get open() {
      return db.open;
    },
    get inTransaction() {
      return db.inTransaction;
    },
    prepare: (sql) => db.prepare(sql),
    exec: (sql) => {
      db.exec(sql);
    },
    pragma: (source, options) => db.pragma(source, options),
    transaction: (fn) => db.transaction(fn),
    close: () => {
      db.close();
    },
  };
}

function fromNodeSqlite(db: NodeDatabaseSync): SqliteDatabase {
  let open = true;
  let depth = 0;
  let savepoints = 0;

  function transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R> {
    const run =
      (begin: string) =>
      (...args: A): R => {
        if (depth > 0) {
          // Nested: a savepoint, as better-sqlite3 does.
          const name = `hookwire_sp_${++savepoints}`;
          db.exec(`SAVEPOINT ${name}`);
          depth++;
          try {
            const result = fn(...args);
            db.exec(`RELEASE ${name}`);
            return result;
          } catch (error) {
            db.exec(`ROLLBACK TO ${name}`);
            db.exec(`RELEASE ${name}`);
            throw error;
          } finally {
            depth--;
          }
        }
        db.exec(begin);
        depth = 1;
        try {
          const result = fn(...args);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          // SQLite may already have rolled back (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY…).
          if (db.isTransaction !== false) {
            try {
              db.exec("ROLLBACK");
            } catch {
              // no transaction left to roll back
            }
          }
          throw error;
        } finally {
          depth = 0;
        }
      };
    return Object.assign(run("BEGIN"), {
      deferred: run("BEGIN DEFERRED"),
      immediate: run("BEGIN IMMEDIATE"),
      exclusive: run("BEGIN EXCLUSIVE"),
    });
  }

  return {
    driver: "node:sqlite",
    get open() {
      return db.isOpen ?? open;
    },
    get inTransaction() {
      return db.isTransaction ?? depth > 0;
    },
    prepare(sql) {
      const statement = db.prepare(sql);
      // better-sqlite3 ignores keys of a named-parameter object that the SQL does not use.
      statement.setAllowUnknownNamedParameters?.(true);
      return statement;
    },
    exec: (sql) => db.exec(sql),
    pragma(source, options) {
      const rows = db.prepare(`PRAGMA ${source}`).all();
      if (!options?.simple) return rows;
      const first = rows[0];
      return first === undefined ? undefined : Object.values(first)[0];
    },
    transaction,
    close() {
      db.close();
      open = false;
    },
  };
}
