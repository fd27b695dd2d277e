import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebhookError } from "@hookwire/core";
import { runStoreConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { sqliteStore } from "./store.js";

runStoreConformance({
  name: "sqlite",
  create: async () =>
    sqliteStore({ filename: join(mkdtempSync(join(tmpdir(), "hookwire-sqlite-")), "test.db") }),
});

describe("sqliteStore setup", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), "hookwire-sqlite-")), "setup.db");

  it("opens the file in WAL mode with versioned migrations, synchronous NORMAL unless FULL is asked", async () => {
    const store = sqliteStore({ filename: file() });
    await store.migrate();
    await store.migrate();
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("synchronous", { simple: true })).toBe(1);
    expect(store.db.prepare("SELECT version FROM hookwire_migrations").all()).toEqual([{ version: 1 }]);
    await store.close();
    const full = sqliteStore({ filename: file(), synchronous: "full" });
    expect(full.db.pragma("synchronous", { simple: true })).toBe(2);
    await full.close();
  });

  it("refuses an unknown synchronous setting with a coded error", () => {
    let code = "OK";
    try {
      sqliteStore({ filename: file(), synchronous: "off" as never });
    } catch (error) {
      code = WebhookError.isInstance(error) ? error.code : "other";
    }
    expect(code).toBe("CONFIGURATION_INVALID");
  });
});
