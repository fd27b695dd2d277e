import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookError } from "@hookwire/core";
import { instrumentSender, type TelemetryOptions } from "@hookwire/opentelemetry";
import {
  createSender,
  type HookwireSender,
  type SenderOptions,
  type Store,
  type Worker,
} from "@hookwire/sender";
import { type ApiKey, createManagementApi, type ManagementApi } from "./api.js";
import { type Console, type ConsoleOptions, createConsole } from "./console.js";

/**
 * Options of {@link createDispatcher}: every `createSender` option plus the database, the API keys
 * and which halves (API, worker) run in this process.
 *
 * @example
 * ```ts
 * const apiNode: DispatcherOptions = { database: process.env.DATABASE_URL, apiKeys: [{ key }], worker: false };
 * const workerNode: DispatcherOptions = { database: process.env.DATABASE_URL, apiKeys: [{ key }], api: false };
 * ```
 */
export interface DispatcherOptions extends Omit<SenderOptions, "store"> {
  /** A SQLite file (`webhooks.db`) or a PostgreSQL URL (`postgres://…`); or pass `store`. */
  database?: string;
  store?: Store;
  /** PostgreSQL schema (default `hookwire`). */
  schema?: string;
  apiKeys: readonly ApiKey[];
  /** Serve the management API (default true). */
  api?: boolean;
  /** Run the delivery worker in this process (default true). */
  worker?: boolean;
  /** Worker concurrency (default 16). */
  concurrency?: number;
  /** The largest management API request body, in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Dashboard, portal and metrics options (`portalFrameAncestors`, `publicUrl`, `sessionTtlS`…). */
  console?: Omit<ConsoleOptions, "sender" | "apiKeys" | "api" | "maxBodyBytes">;
  /**
   * OpenTelemetry spans and metrics of sending (`@hookwire/opentelemetry`): on by default, through the
   * global providers of `@opentelemetry/api` when it is installed (a no-op otherwise); pass providers,
   * or `false` to turn it off.
   */
  telemetry?: boolean | TelemetryOptions;
}

/**
 * A running dispatcher.
 *
 * @example
 * ```ts
 * const dispatcher: Dispatcher = createDispatcher({ database: "webhooks.db", apiKeys: [{ key }] });
 * process.once("SIGTERM", () => void dispatcher.close());
 * ```
 */
export interface Dispatcher {
  readonly sender: HookwireSender;
  /** The management API as a fetch handler (mount it anywhere). */
  readonly api: ManagementApi;
  /** The management API plus dashboard (`/ui`), portal (`/portal`), `/metrics` and `/health`. */
  readonly console: Console;
  /** Start the HTTP server (API) on a port; resolves with its URL. */
  listen(port: number, host?: string): Promise<{ url: string; server: Server }>;
  /** Stop the worker (waiting for attempts in flight), the server and the store. */
  close(): Promise<void>;
}

/** The store packages a `--database` value can need, and what the dispatcher takes from each. */
interface StoreModules {
  "@hookwire/store-postgres": {
    postgresStore(options: { connectionString: string; schema?: string }): Store;
  };
  "@hookwire/store-sqlite": { sqliteStore(options: { filename: string }): Store };
}

/** @internal Imports one store package; tests pass their own to simulate a missing one. */
export type StoreLoader = <Name extends keyof StoreModules>(name: Name) => Promise<StoreModules[Name]>;

// The annotations check that each real package fits what the dispatcher takes from it.
const importStore = (async (name: keyof StoreModules) => {
  if (name === "@hookwire/store-postgres") {
    const loaded: StoreModules["@hookwire/store-postgres"] = await import("@hookwire/store-postgres");
    return loaded;
  }
  const loaded: StoreModules["@hookwire/store-sqlite"] = await import("@hookwire/store-sqlite");
  return loaded;
}) as unknown as StoreLoader;

/** Every method of a Store except `waitForWork` (optional) and `close`: a new Store method fails to compile here. */
const STORE_METHODS: { readonly [K in Exclude<keyof Store, "waitForWork" | "close">]-?: true } = {
  migrate: true,
  defineEventType: true,
  listEventTypes: true,
  insertSubscription: true,
  getSubscription: true,
  listSubscriptions: true,
  patchSubscription: true,
  rotateSecret: true,
  replaceSecrets: true,
  markFailing: true,
  clearFailing: true,
  disableSubscription: true,
  deleteSubscription: true,
  publish: true,
  lease: true,
  completeMany: true,
  getDelivery: true,
  listDeliveries: true,
  queryDeliveries: true,
  listAttempts: true,
  requeue: true,
  countDeliveries: true,
};

/**
 * @internal {@link storeFor} with the loader of its store package: the package is imported, and the
 * store opened, on the first call of a method, so a dispatcher needs only the store its database uses.
 */
export function lazyStore(database: string, schema: string | undefined, load: StoreLoader): Store {
  const postgres = /^postgres(ql)?:\/\//.test(database);
  const name = postgres ? "@hookwire/store-postgres" : "@hookwire/store-sqlite";
  let opened: Promise<Store> | undefined;
  const open = () => {
    opened ??= (async () => {
      let loaded: StoreModules[typeof name];
      try {
        loaded = await load(name);
      } catch (error) {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `@hookwire/server: --database ${postgres ? "postgres://…" : database} needs ${name}, which could not be loaded. Install it: npm install ${name}`,
          { cause: error },
        );
      }
      return postgres
        ? (loaded as StoreModules["@hookwire/store-postgres"]).postgresStore({
            connectionString: database,
            ...(schema ? { schema } : {}),
          })
        : (loaded as StoreModules["@hookwire/store-sqlite"]).sqliteStore({ filename: database });
    })();
    return opened;
  };
  const store = {} as Record<string, unknown>;
  for (const method of Object.keys(STORE_METHODS) as (keyof typeof STORE_METHODS)[])
    store[method] = async (...args: unknown[]) => {
      const real = await open();
      return (real[method] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
    };
  // Only PostgreSQL's store is woken by new work (LISTEN/NOTIFY); SQLite's is polled.
  if (postgres)
    store.waitForWork = async (timeoutMs: number, signal: AbortSignal) => {
      const real = await open();
      await real.waitForWork?.(timeoutMs, signal);
    };
  // Closing a store that was never used loads nothing.
  store.close = async () => {
    if (opened) await (await opened.catch(() => undefined))?.close();
  };
  return store as unknown as Store;
}

/**
 * The store for a `--database` value: `postgres://…` → PostgreSQL (`@hookwire/store-postgres`),
 * anything else → a SQLite file (`@hookwire/store-sqlite`). The store package is an optional peer
 * dependency, imported on the store's first use; without it, that use fails with
 * `CONFIGURATION_INVALID` naming the package to install.
 *
 * @example
 * ```ts
 * const store = storeFor(process.env.DATABASE_URL ?? "webhooks.db");
 * ```
 */
export function storeFor(database: string, schema?: string): Store {
  return lazyStore(database, schema, importStore);
}

/**
 * The Hookwire dispatcher: the management REST API and the delivery worker in one process (or either
 * alone, so API nodes and worker nodes scale separately on PostgreSQL).
 *
 * @example
 * ```ts
 * import { createDispatcher } from "@hookwire/server";
 *
 * const dispatcher = createDispatcher({ database: "webhooks.db", apiKeys: [{ key: process.env.HOOKWIRE_API_KEY! }] });
 * const { url } = await dispatcher.listen(8080);
 * ```
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const {
    database,
    store: given,
    schema,
    apiKeys,
    api: apiEnabled = true,
    worker: workerEnabled = true,
    concurrency = 16,
    maxBodyBytes = 1024 * 1024,
    console: consoleOptions,
    telemetry = true,
    ...senderOptions
  } = options;
  const store = given ?? storeFor(database ?? "hookwire.db", schema);
  const sender = createSender({ ...senderOptions, store });
  const instrumentation =
    telemetry === false ? undefined : instrumentSender(sender, telemetry === true ? {} : telemetry);
  const api = createManagementApi({ sender, apiKeys, maxBodyBytes });
  const web = createConsole({ ...consoleOptions, sender, apiKeys, api, maxBodyBytes });
  let worker: Worker | undefined;
  if (workerEnabled) {
    worker = sender.worker({ concurrency });
    worker.start();
  }
  let server: Server | undefined;
  return {
    sender,
    api,
    console: web,
    async listen(port, host = "127.0.0.1") {
      server = createServer(
        apiEnabled
          ? web.node
          : (_req, res) => {
              res.statusCode = 404;
              res.end();
            },
      );
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      const address = server.address() as AddressInfo;
      return { url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`, server };
    },
    async close() {
      await worker?.stop();
      web.close();
      instrumentation?.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await sender.close();
    },
  };
}
