import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { type Finding, RESULTS_FILE } from "./summary.js";

// Global setup: clear the findings before the run; after it, write docs/reliability.md from them.
export function setup(): void {
  rmSync(RESULTS_FILE, { force: true });
}

export function teardown(): void {
  if (!existsSync(RESULTS_FILE)) return;
  const findings = readFileSync(RESULTS_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Finding);
  const suites = [...new Set(findings.map((f) => f.suite))];
  const lines = [
    "# Reliability",
    "",
    "Written by `pnpm test:reliability` (bench/reliability, part of CI). Each row is one test: what it",
    "did to Hookwire and what held. A test that did not hold fails the run, so every row here held.",
    "",
    `Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${cpus().length} cores, Node ${process.version}.`,
    "",
  ];
  for (const suite of suites) {
    lines.push(`## ${suite}`, "", "| what was tried | what held |", "| --- | --- |");
    for (const f of findings.filter((x) => x.suite === suite)) lines.push(`| ${f.tried} | ${f.held} |`);
    lines.push("");
  }
  writeFileSync(new URL("../../docs/reliability.md", import.meta.url), `${lines.join("\n")}\n`);
  rmSync(RESULTS_FILE, { force: true });
}
