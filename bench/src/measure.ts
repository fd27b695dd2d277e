import { cpus, totalmem } from "node:os";

/** One measured case: a name and an async or sync operation. */
export interface Case {
  name: string;
  /** Which side it is on: ours, a peer's, or the physical limit. */
  kind: "ours" | "peer" | "limit";
  run: () => unknown;
}

/** The median operations per second of each case over several interleaved rounds. */
export interface Measured {
  name: string;
  kind: Case["kind"];
  opsPerSecond: number;
  rounds: number[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timeFor(run: Case["run"], ms: number, clock: "wall" | "cpu" = "wall"): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 32; i++) {
      const result = run();
      if (result instanceof Promise) await result;
    }
    ops += 32;
    now = performance.now();
  }
  if (clock === "cpu") {
    // Operations per second of this process's own CPU time: time the machine gave to other
    // processes (a shared, loaded machine) does not count against the case being measured.
    const cpu = process.cpuUsage(cpuStart);
    return (ops * 1e6) / (cpu.user + cpu.system);
  }
  return (ops * 1000) / (now - start);
}

/**
 * Run every case for `rounds` rounds of `roundMs` each, interleaved (case A, B, C, then A, B, C…)
 * so that drift in the machine hits every case alike; report the median of the rounds.
 */
export async function measure(
  cases: Case[],
  options: { rounds?: number; roundMs?: number; clock?: "wall" | "cpu" } = {},
): Promise<Measured[]> {
  const rounds = options.rounds ?? 5;
  const roundMs = options.roundMs ?? 400;
  for (const c of cases) await timeFor(c.run, 100); // warm-up, and a check that each case runs
  const results = cases.map((c) => ({ name: c.name, kind: c.kind, rounds: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < cases.length; i++)
      results[i]!.rounds.push(await timeFor(cases[i]!.run, roundMs, options.clock));
  }
  return results.map((r) => ({ ...r, opsPerSecond: median(r.rounds) }));
}

/** A line describing the machine a benchmark ran on. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Format a number of operations per second. */
export function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

export { median };
