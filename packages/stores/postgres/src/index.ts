export { type PostgresStoreOptions, postgresStore, type Queryable } from "./store.js";
