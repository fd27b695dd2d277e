import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";

// Records when each store package is evaluated; a static import in the dispatcher would record it
// as soon as the dispatcher is imported.
const imported = vi.hoisted(() => [] as string[]);
vi.mock("@hookwire/store-sqlite", async (importActual) => {
  imported.push("@hookwire/store-sqlite");
  return await importActual();
});
vi.mock("@hookwire/store-postgres", async (importActual) => {
  imported.push("@hookwire/store-postgres");
  return await importActual();
});

it("storeFor imports no store package until the store is used, then only the one its database needs", async () => {
  const { storeFor, createDispatcher } = await import("./index.js");
  const dir = mkdtempSync(join(tmpdir(), "hookwire-store-lazy-"));
  try {
    const store = storeFor(join(dir, "a.db"));
    const dispatcher = createDispatcher({
      database: join(dir, "b.db"),
      apiKeys: [{ key: "store-lazy-key-0123456789" }],
      worker: false,
      telemetry: false,
    });
    storeFor("postgres://127.0.0.1:1/none");
    expect(imported).toEqual([]);
    await store.migrate();
    expect(imported).toEqual(["@hookwire/store-sqlite"]);
    await store.close();
    await dispatcher.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
