import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { betterSqlite3, nodeSqlite, type SqliteDriverName } from "../src/driver.js";

// The program runs in a child process of its own (no test runner in it): an abort there is an exit
// code, not a lost vitest worker.
const script = fileURLToPath(new URL("./reopen-gc.ts", import.meta.url));

function run(
  driver: SqliteDriverName,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--conditions=@hookwire/source", "--import", "tsx", script, driver],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, out, err }));
  });
}

function loads(driver: SqliteDriverName): boolean {
  if (driver === "node:sqlite") return nodeSqlite() !== undefined;
  try {
    new (betterSqlite3())(":memory:").close();
    return true;
  } catch {
    return false;
  }
}

for (const driver of (["node:sqlite", "better-sqlite3"] as const).filter(loads)) {
  it(`survives open, publish 200, list, close ×20 with forced GC in one process (${driver}, Node ${process.version})`, async () => {
    const { code, signal, out, err } = await run(driver);
    expect({ code, signal }, err).toEqual({ code: 0, signal: null });
    // nothing on stderr: no crash report, and no ExperimentalWarning from node:sqlite on Node 22
    expect(err).toBe("");
    const summary = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
    expect(summary).toEqual({ node: process.version, driver, rounds: 20, listed: 2000 });
  }, 120_000);
}
