// Instructions per request of a receiving server, counted by valgrind's callgrind: a figure that
// other load on the machine does not change (unlike requests or CPU time per second).
// Usage: node --import tsx bench/src/callgrind-receive.ts [mode…]  (modes of servers/receive-server.ts)
// Each server runs under callgrind; after a warm-up (the JIT tiers up by work done, not by time),
// the counters are zeroed, N requests are sent, and the dump gives the instructions of those N.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { SECRET, signedIssueOpened } from "./receive.js";

const WARMUP = Number(process.env.CALLGRIND_WARMUP ?? 4_000);
const REQUESTS = Number(process.env.CALLGRIND_REQUESTS ?? 2_000);
// With CALLGRIND_CACHE=1 the caches are simulated too, and "cycles" are estimated as callgrind's
// manual does: instructions + 10 × first-level misses + 100 × last-level misses.
const CACHE = process.env.CALLGRIND_CACHE === "1";
const modes = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = modes.length > 0 ? modes : ["bare", "bare-verify", "node-handler", "octokit"];

const { body, headers } = await signedIssueOpened();

async function send(port: number, amount: number): Promise<void> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhooks/github`,
    method: "POST",
    body,
    headers,
    connections: 8,
    amount,
    timeout: 120,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

/** Instructions, or estimated cycles with the cache simulation, of a callgrind dump. */
function totalOf(file: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const events =
    lines
      .find((l) => l.startsWith("events:"))
      ?.split(/\s+/)
      .slice(1) ?? [];
  const line = lines.find((l) => l.startsWith("summary:") || l.startsWith("totals:"));
  if (!line) throw new Error(`no totals in ${file}`);
  const values = line.split(/\s+/).slice(1).map(Number);
  const of = (name: string) => values[events.indexOf(name)] ?? 0;
  if (!CACHE) return of("Ir");
  const l1 = of("I1mr") + of("D1mr") + of("D1mw");
  const ll = of("ILmr") + of("DLmr") + of("DLmw");
  return of("Ir") + 10 * l1 + 100 * ll;
}

const dir = mkdtempSync(join(tmpdir(), "hookwire-callgrind-"));
const results: Array<{ mode: string; perRequest: number }> = [];
for (const mode of chosen) {
  const out = join(dir, `${mode}.%p.out`);
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      "--smc-check=all-non-file",
      ...(CACHE ? ["--cache-sim=yes"] : []),
      `--callgrind-out-file=${out}`,
      process.execPath,
      "--conditions=@hookwire/source",
      "--import",
      "tsx",
      new URL("./servers/receive-server.ts", import.meta.url).pathname,
      mode,
      SECRET,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  await send(port, WARMUP);
  execFileSync("callgrind_control", ["--zero", String(child.pid)]);
  await send(port, REQUESTS);
  execFileSync("callgrind_control", ["--dump", String(child.pid)]);
  const dumped = join(dir, `${mode}.${child.pid}.out.1`);
  const perRequest = totalOf(dumped) / REQUESTS;
  results.push({ mode, perRequest });
  child.kill("SIGKILL");
  await once(child, "exit");
  process.stdout.write(
    `${mode}: ${Math.round(perRequest).toLocaleString("en-US")} ${CACHE ? "estimated cycles" : "instructions"} per request\n`,
  );
}
const bare = results.find((r) => r.mode === "bare");
if (bare) {
  for (const r of results)
    process.stdout.write(
      `${r.mode} ÷ bare (by ${CACHE ? "estimated cycles" : "instructions"}): ${(bare.perRequest / r.perRequest).toFixed(3)}\n`,
    );
}
