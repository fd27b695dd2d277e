#!/usr/bin/env node
// Mutation testing with StrykerJS and its vitest runner, one package at a time.
//
//   pnpm test:mutation            core, then every provider package
//   pnpm test:mutation github     one package, by unscoped name (or @hookwire/<name>)
//   pnpm test:mutation github stripe
//   pnpm test:mutation core --files src/scheme.ts,src/signed-receiver.ts   only these files (paths in the package)
//
// Each package is mutated in a Stryker sandbox (a copy of the package, never the checkout itself) and tested
// with that package's own vitest project. Results go to reports/mutation/<name>/ (gitignored):
// mutation.html, mutation.json, and summary.json with the counts and every surviving mutant.
// Not part of CI: it takes minutes per package. STRYKER_CONCURRENCY (default 2) sets the test-runner processes;
// MUTATION_TAG=<tag> writes to reports/mutation/<name>-<tag>/ instead, so that two runs over different files of
// one package can go side by side.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const strykerBin = join(dirname(require.resolve("@stryker-mutator/core/package.json")), "bin", "stryker.js");

/** Packages whose mutation score is tracked: core and every provider. */
function defaultPackages() {
  const providers = readdirSync(join(root, "packages/providers"), { withFileTypes: true })
    .filter(
      (d) => d.isDirectory() && existsSync(join(root, "packages/providers", d.name, "vitest.config.ts")),
    )
    .map((d) => `packages/providers/${d.name}`)
    .sort();
  return ["packages/core", ...providers];
}

/** Finds a package directory by unscoped name (`github`) or full name (`@hookwire/github`). */
function packageDir(name) {
  const short = name.replace(/^@hookwire\//, "");
  for (const parent of ["packages", "packages/providers", "packages/adapters", "packages/stores"]) {
    const dir = join(parent, short);
    if (existsSync(join(root, dir, "vitest.config.ts")) && existsSync(join(root, dir, "src"))) return dir;
  }
  const known = defaultPackages()
    .map((d) => d.split("/").pop())
    .join(", ");
  throw new Error(`[hookwire mutation] no package named "${name}" with a vitest project. Known: ${known}.`);
}

const MUTATED_STATUSES = [
  "Killed",
  "Survived",
  "Timeout",
  "NoCoverage",
  "RuntimeError",
  "CompileError",
  "Ignored",
];

/**
 * The run's name: the package's, or with MUTATION_TAG=<tag> `<name>-<tag>` (reports/mutation/<name>-<tag>/,
 * sandbox .stryker-tmp-<name>-<tag>), so that runs over different files of one package can go side by side.
 */
function runName(name) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local script, not a turbo task
  return process.env.MUTATION_TAG ? `${name}-${process.env.MUTATION_TAG}` : name;
}

function runPackage(dir, files) {
  const name = dir.split("/").pop();
  const abs = join(root, dir);
  const run = runName(name);
  const reportDir = join(root, "reports/mutation", run);
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  // The sandbox must sit as deep as the package so that the vitest config's relative imports
  // (../../tooling/vitest.config.base.js) and tsconfig `extends` still reach the repository root.
  const depth = dir.split("/").length;
  const tempDir = join(root, `.stryker-tmp-${run}`, ...Array.from({ length: depth - 2 }, () => "nested"));
  const config = {
    packageManager: "pnpm",
    testRunner: "vitest",
    plugins: [require.resolve("@stryker-mutator/vitest-runner")],
    vitest: { configFile: "vitest.config.ts", related: false },
    mutate: files ?? [
      "src/**/*.ts",
      "!src/**/*.test.ts",
      "!src/**/*.test-d.ts",
      "!src/**/fixtures/**",
      "!src/**/*.d.ts",
    ],
    ignorePatterns: ["dist", "coverage", ".turbo", "reports"],
    coverageAnalysis: "perTest",
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local script, not a turbo task
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    // STRYKER_TIMEOUT_MS: the allowance over a mutant's expected test time before it counts as a timeout
    // (detected); lower it on an idle machine for files whose mutants often hang a request
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local script, not a turbo task
    timeoutMS: Number(process.env.STRYKER_TIMEOUT_MS ?? 10_000),
    tempDirName: relative(abs, tempDir),
    // Stryker rewrites tsconfig `extends` for a sandbox two levels below the package; ours sits at the package's
    // own depth, where the paths already resolve, so point its rewriter at no file.
    tsconfigFile: "tsconfig.stryker-unused.json",
    cleanTempDir: true,
    reporters: ["clear-text", "progress-append-only", "html", "json"],
    htmlReporter: { fileName: join(reportDir, "mutation.html") },
    jsonReporter: { fileName: join(reportDir, "mutation.json") },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
    thresholds: { high: 90, low: 85, break: null },
    logLevel: "info",
    fileLogLevel: "off",
  };
  mirrorAncestors(abs, join(abs, config.tempDirName), name);
  const configFile = join(reportDir, "stryker.config.json");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const started = Date.now();
  console.log(
    `\n== @hookwire/${name}: stryker in ${dir} (concurrency ${config.concurrency})${files ? `, mutating ${files.join(", ")}` : ""}`,
  );
  const stryker = spawnSync(process.execPath, [strykerBin, "run", configFile], {
    cwd: abs,
    stdio: "inherit",
  });
  if (stryker.status === 0) rmSync(join(root, `.stryker-tmp-${run}`), { recursive: true, force: true });
  if (stryker.status !== 0)
    return { name, dir, error: `stryker exited with ${stryker.status ?? stryker.signal}` };
  return {
    ...summarise(name, dir, join(reportDir, "mutation.json"), Date.now() - started, files),
    report: relative(root, reportDir),
  };
}

/**
 * Tests may import a sibling package by a relative path (`../../../test-utils/src/hmac-suite.js`, where a
 * package dependency would be a cycle). The sandbox sits at the package's depth but under
 * `.stryker-tmp-<name>/nested/…`, so each level of the temp directory gets symlinks to the entries of the
 * package's ancestor at that level (`nested/` stands for `packages/providers/`, its parent for `packages/`).
 * The package itself is not linked: the sandbox is its copy.
 */
function mirrorAncestors(abs, tempDir, name) {
  let real = dirname(abs);
  let fake = tempDir;
  let skip = name;
  while (real.startsWith(root) && real !== root && fake !== root) {
    mkdirSync(fake, { recursive: true });
    for (const entry of readdirSync(real)) {
      if (entry === skip || entry.startsWith(".") || entry === "nested" || existsSync(join(fake, entry)))
        continue;
      symlinkSync(join(real, entry), join(fake, entry));
    }
    skip = real.split(sep).pop();
    real = dirname(real);
    fake = dirname(fake);
  }
}

/** The mutated source text (Stryker's report locations: 1-based lines and columns). */
function slice(lines, { start, end }) {
  const text = lines.slice(start.line - 1, end.line).join("\n");
  const from = start.column - 1;
  const to = text.length - (lines[end.line - 1] ?? "").length + end.column - 1;
  return text.slice(from, to).replace(/\s+/g, " ").slice(0, 160);
}

function summarise(name, dir, jsonFile, ms, files) {
  const report = JSON.parse(readFileSync(jsonFile, "utf8"));
  const counts = Object.fromEntries([...MUTATED_STATUSES, "KilledAtLoad"].map((s) => [s, 0]));
  const survivors = [];
  // A static mutant (in code run when a module loads, such as a module-level `hmacScheme({…})`) is covered
  // by no single test: Stryker runs every test for it, so its expected count is the whole suite.
  const allTests = Object.values(report.testFiles ?? {}).reduce((n, f) => n + (f.tests?.length ?? 0), 0);
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split("\n");
    for (const m of mutants) {
      // Stryker's vitest runner (9.6) reports a mutant as Survived when a test file cannot even be loaded
      // under it (a throw at import or describe time): that file's tests never run, so fewer tests complete
      // than cover the mutant (a real survivor runs every covering test and all pass). A plain `vitest run`
      // fails on that, so it counts as killed here, and apart (killedAtLoad) so the docs can say how many.
      const expected = m.static && allTests > 0 ? allTests : (m.coveredBy?.length ?? 0);
      if (m.status === "Survived" && (m.testsCompleted ?? 0) < expected) {
        counts.Killed += 1;
        counts.KilledAtLoad += 1;
        continue;
      }
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status === "Survived" || m.status === "NoCoverage") {
        survivors.push({
          status: m.status,
          file: `${dir}/${file.split(sep).join("/")}`,
          line: m.location.start.line,
          mutator: m.mutatorName,
          replacement: m.replacement,
          original: slice(lines, m.location),
        });
      }
    }
  }
  // Stryker's score: (killed + timeout) / (all valid mutants); errors and ignored ones are not valid.
  const valid = counts.Killed + counts.Timeout + counts.Survived + counts.NoCoverage;
  const score = valid === 0 ? 100 : (100 * (counts.Killed + counts.Timeout)) / valid;
  // A run limited with --files records them; --summary keeps what the last run recorded.
  const previous = join(dirname(jsonFile), "summary.json");
  const mutated =
    files ?? (existsSync(previous) ? JSON.parse(readFileSync(previous, "utf8")).files : undefined);
  const summary = {
    name,
    package: `@hookwire/${name}`,
    ...(mutated ? { files: mutated } : {}),
    mutants: valid,
    killed: counts.Killed,
    killedAtLoad: counts.KilledAtLoad,
    survived: counts.Survived,
    timeout: counts.Timeout,
    noCoverage: counts.NoCoverage,
    errors: counts.RuntimeError + counts.CompileError,
    score: Math.round(score * 100) / 100,
    seconds: Math.round(ms / 1000),
    survivors,
  };
  writeFileSync(join(dirname(jsonFile), "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

// `--summary` re-reads the last reports instead of running Stryker. `--files a.ts,b.ts` (or `--files=…`)
// mutates only those files of each package named (paths relative to the package; globs allowed).
const args = process.argv.slice(2).filter((a) => a !== "--");
const summaryOnly = args.includes("--summary");
let files;
const names = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--summary") continue;
  if (arg === "--files" || arg.startsWith("--files=")) {
    const value = arg === "--files" ? args[++i] : arg.slice("--files=".length);
    files = (value ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    if (files.length === 0)
      throw new Error("[hookwire mutation] --files needs a comma-separated list of files.");
    continue;
  }
  names.push(arg);
}
if (files && names.length === 0) throw new Error("[hookwire mutation] --files needs a package name.");
const dirs = names.length === 0 ? defaultPackages() : names.map(packageDir);
const results = [];
for (const dir of dirs) {
  const name = dir.split("/").pop();
  const json = join(root, "reports/mutation", runName(name), "mutation.json");
  if (!summaryOnly) {
    const missing = (files ?? []).filter((f) => !/[*?{]/.test(f) && !existsSync(join(root, dir, f)));
    if (missing.length > 0) throw new Error(`[hookwire mutation] not in ${dir}: ${missing.join(", ")}.`);
    results.push(runPackage(dir, files));
  } else if (existsSync(json)) results.push(summarise(name, dir, json, 0));
  else results.push({ name, dir, error: "not run" });
}

console.log("\n| package | mutants | killed | survived | timeout | no coverage | score | killed at load¹ |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of results) {
  if (r.error) console.log(`| @hookwire/${r.name} | ${r.error} | | | | | | |`);
  else
    console.log(
      `| ${r.package}${r.files ? ` (${r.files.join(", ")})` : ""} | ${r.mutants} | ${r.killed} | ${r.survived} | ${r.timeout} | ${r.noCoverage} | ${r.score.toFixed(2)} % | ${r.killedAtLoad} |`,
    );
}
for (const r of results.filter((x) => !x.error && x.survivors.length > 0)) {
  console.log(
    `\n${r.package}: ${r.survivors.length} surviving / uncovered (${r.report ?? `reports/mutation/${r.name}`}/summary.json)`,
  );
  for (const s of r.survivors)
    console.log(
      `  ${s.status} ${s.file}:${s.line} ${s.mutator}: ${s.original}  =>  ${s.replacement.replace(/\s+/g, " ").slice(0, 120)}`,
    );
}
process.exitCode = results.some((r) => r.error) ? 1 : 0;
