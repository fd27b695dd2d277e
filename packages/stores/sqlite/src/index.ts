export {
  type BetterSqlite3Constructor,
  DRIVER_ENV,
  defaultDriver,
  type SqliteDatabase,
  type SqliteDriverName,
  type SqliteDriverOption,
  type SqliteRow,
  type SqliteRunResult,
  type SqliteStatement,
  type SqliteTransaction,
} from "./driver.js";
export { type SqliteStoreOptions, sqliteStore } from "./store.js";
