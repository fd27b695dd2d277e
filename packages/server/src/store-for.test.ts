import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebhookError } from "@hookwire/core";
import { postgresStore } from "@hookwire/store-postgres";
import { sqliteStore } from "@hookwire/store-sqlite";
import { describe, expect, it } from "vitest";
import { createDispatcher, lazyStore, type StoreLoader, storeFor } from "./dispatcher.js";

/** A loader over the real store packages that records what was imported. */
function recording() {
  const loaded: string[] = [];
  const load = (async (name: string) => {
    loaded.push(name);
    return name === "@hookwire/store-postgres" ? { postgresStore } : { sqliteStore };
  }) as StoreLoader;
  return { loaded, load };
}

describe("storeFor", () => {
  it("imports the store package on the store's first use, not before, and only the one it needs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hookwire-store-for-"));
    const { loaded, load } = recording();
    const store = lazyStore(join(dir, "lazy.db"), undefined, load);
    expect(loaded).toEqual([]);
    await store.migrate();
    expect(loaded).toEqual(["@hookwire/store-sqlite"]);
    await store.defineEventType({ name: "order.paid" });
    expect((await store.listEventTypes()).map((t) => t.name)).toEqual(["order.paid"]);
    expect(loaded).toEqual(["@hookwire/store-sqlite"]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("closing a store that was never used imports nothing", async () => {
    const { loaded, load } = recording();
    await lazyStore("postgres://127.0.0.1:1/none", undefined, load).close();
    expect(loaded).toEqual([]);
  });

  it("has waitForWork for PostgreSQL (woken by NOTIFY) and not for SQLite, like the real stores", () => {
    const { load } = recording();
    expect(typeof postgresStore({ connectionString: "postgres://127.0.0.1:1/x" }).waitForWork).toBe(
      "function",
    );
    expect(lazyStore("postgres://127.0.0.1:1/x", undefined, load).waitForWork).toBeTypeOf("function");
    expect(lazyStore("postgresql://127.0.0.1:1/x", "s", load).waitForWork).toBeTypeOf("function");
    expect("waitForWork" in lazyStore("webhooks.db", undefined, load)).toBe(false);
    expect(storeFor("webhooks.db").waitForWork).toBeUndefined();
  });

  it("a missing store package fails with CONFIGURATION_INVALID naming the package to install", async () => {
    const missing = Object.assign(new Error("Cannot find package '@hookwire/store-postgres'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const store = lazyStore("postgres://u:secret@127.0.0.1/db", undefined, (async () => {
      throw missing;
    }) as StoreLoader);
    const error = await store.migrate().catch((e: unknown) => e);
    expect(WebhookError.isInstance(error)).toBe(true);
    expect((error as WebhookError).code).toBe("CONFIGURATION_INVALID");
    expect((error as WebhookError).message).toContain("npm install @hookwire/store-postgres");
    expect((error as WebhookError).message).not.toContain("secret");
    expect((error as WebhookError).cause).toBe(missing);
    await expect(store.lease({ limit: 1, leaseMs: 1000, now: 0 } as never)).rejects.toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
    await expect(store.close()).resolves.toBeUndefined();
  });

  it("createDispatcher stays synchronous and works through the lazy store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hookwire-store-for-"));
    const dispatcher = createDispatcher({
      database: join(dir, "d.db"),
      apiKeys: [{ key: "store-for-key-0123456789" }],
      worker: false,
      telemetry: false,
    });
    try {
      await dispatcher.sender.eventTypes.define({ name: "order.paid" });
      expect((await dispatcher.sender.eventTypes.list()).map((t) => t.name)).toContain("order.paid");
    } finally {
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
