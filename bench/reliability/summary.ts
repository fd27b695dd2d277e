import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** Where each reliability test records what it tried and what held. */
export const RESULTS_FILE = new URL("../.reliability-results.jsonl", import.meta.url).pathname;

/** One finding for docs/reliability.md. */
export interface Finding {
  suite: string;
  tried: string;
  held: string;
}

/** Record what a test tried and what held (written to docs/reliability.md at the end of the run). */
export function record(finding: Finding): void {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  appendFileSync(RESULTS_FILE, `${JSON.stringify(finding)}\n`);
}
