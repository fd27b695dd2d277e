import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStoreConformance } from "@hookwire/test-utils";
import { sqliteStore } from "./store.js";

runStoreConformance({
  name: "sqlite",
  create: async () =>
    sqliteStore({ filename: join(mkdtempSync(join(tmpdir(), "hookwire-sqlite-")), "test.db") }),
});
