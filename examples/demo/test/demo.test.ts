import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
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
  expect(run.stdout).toMatch(/Dashboard {2}http:\/\/127\.0\.0\.1:\d+\/ui/);
});

it("pnpm demo --keep stays up with the dashboard served until it is stopped", async () => {
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwire/source", "--import", "tsx", main, "--keep"],
    {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  try {
    let out = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const match = /Dashboard {2}(http:\/\/\S+\/ui)/.exec(out);
        if (match && out.includes("staying up")) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`demo exited (${code}) before staying up:\n${out}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 90_000);
