// `stripe` is an optional peer used for types only: prove the built code never loads it at runtime.
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "tsup";
import { afterAll, describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(import.meta.url);
// through this package's own dependency link, so the test also runs from a copy of the package (mutation sandbox)
const coreDir = dirname(require.resolve("@hookwire/core/package.json"));
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const work = mkdtempSync(join(tmpdir(), "hookwire-stripe-no-peer-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("without the stripe package", () => {
  it("imports stripe only as types in the sources", () => {
    const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(f));
    expect(sources).toContain("events.ts");
    for (const file of sources) {
      const text = readFileSync(join(here, file), "utf8");
      for (const line of text.split("\n").filter((l) => /from\s+["']stripe["']/.test(l))) {
        expect(line, file).toMatch(/^import type /);
      }
    }
  });

  it("builds to code with no import of stripe, which runs where stripe cannot be resolved", async () => {
    const out = join(work, "dist");
    await build({
      config: false,
      entry: { index: join(here, "index.ts"), testing: join(here, "testing.ts") },
      format: ["esm"],
      outDir: out,
      platform: "neutral",
      target: "node20",
      dts: false,
      silent: true,
      // kept external so any runtime import of either would stay visible in the output
      external: ["@hookwire/core", "stripe"],
    });
    const code = readdirSync(out)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(out, f), "utf8"))
      .join("\n");
    expect(code).toContain("Stripe-Signature");
    expect(code).not.toMatch(/from\s*["']stripe["']|import\(\s*["']stripe["']|require\(\s*["']stripe["']/);

    // A directory outside the workspace: only @hookwire/core is installed there.
    mkdirSync(join(work, "node_modules", "@hookwire"), { recursive: true });
    symlinkSync(coreDir, join(work, "node_modules", "@hookwire", "core"), "dir");
    writeFileSync(join(work, "package.json"), '{ "type": "module" }');
    writeFileSync(
      join(work, "check.mjs"),
      `import { stripe } from "./dist/index.js";
import { stripeTestRequest } from "./dist/testing.js";
let resolvable = true;
try { await import("stripe"); } catch { resolvable = false; }
const request = await stripeTestRequest({ secret: "whsec_x", event: "invoice.paid", payload: { data: { object: { id: "in_1" } } } });
const event = await stripe({ secret: "whsec_x" }).verify(request);
console.log(JSON.stringify({ resolvable, type: event.type }));
`,
    );
    const output = execFileSync(
      process.execPath,
      ["--conditions=@hookwire/source", "--import", tsxLoader, "check.mjs"],
      { cwd: work, encoding: "utf8" },
    );
    expect(JSON.parse(output.trim())).toEqual({ resolvable: false, type: "invoice.paid" });
  }, 30_000);
});
