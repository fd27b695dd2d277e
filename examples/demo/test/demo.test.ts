import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("pnpm demo runs the whole system end to end and exits cleanly", () => {
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--conditions=@hookwire/source", "--import", "tsx", main], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("declared event types");
  expect(run.stdout.match(/✓ shop/g)).toHaveLength(4);
  expect(run.stdout.match(/✗ flaky/g)).toHaveLength(2);
  expect(run.stdout).toContain("✓ flaky invoice.paid");
  expect(run.stdout).toContain("Attempt log");
  expect(run.stdout).toMatch(/5 delivered, 0 failed, 7 attempts/);
});
