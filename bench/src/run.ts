// `pnpm bench [section…]`: runs the benchmarks and writes docs/benchmarks.md (all sections) or
// prints the chosen sections. Sections: verify, receive, send, memory (and sqlite-drivers, on request). `--sqlite-driver=<driver>`
// runs the SQLite store on that driver (node:sqlite or better-sqlite3).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { machine } from "./measure.js";

type Section = () => Promise<string>;

const sections: Record<string, Section> = {
  verify: async () => (await import("./verify.js")).verificationSection(),
  receive: async () => (await import("./receive.js")).receivingSection(),
  send: async () => (await import("./send.js")).sendingSection(),
  memory: async () => (await import("./memory.js")).memorySection(),
};

// --sqlite-driver=node:sqlite | better-sqlite3 | <path of a better-sqlite3 package>: the SQLite store's
// driver, here and in the worker processes the benchmarks spawn (through HOOKWIRE_SQLITE_DRIVER).
const driverFlag = process.argv.find((a) => a.startsWith("--sqlite-driver="));
if (driverFlag) process.env.HOOKWIRE_SQLITE_DRIVER = driverFlag.slice("--sqlite-driver=".length);
if (process.env.HOOKWIRE_SQLITE_DRIVER) {
  console.error(`SQLite driver: ${process.env.HOOKWIRE_SQLITE_DRIVER} on Node ${process.version}`);
}

// Run only when named: one process measures only the drivers of the Node that runs it, so its rows
// for several Node versions are gathered by hand into docs/benchmarks.md ("SQLite drivers").
const onRequest: Record<string, Section> = {
  "sqlite-drivers": async () => (await import("./sqlite-drivers.js")).sqliteDriversSection(),
  // minutes: fills 1,000,000 deliveries in SQLite and in PostgreSQL (docs/benchmarks.md, "Dashboard listing")
  dashboard: async () => (await import("./dashboard.js")).dashboardSection(),
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = requested.length > 0 ? requested : Object.keys(sections);
const parts: string[] = [];
for (const name of chosen) {
  const section = sections[name] ?? onRequest[name];
  if (!section) {
    console.error(
      `unknown section "${name}"; choose from ${[...Object.keys(sections), ...Object.keys(onRequest)].join(", ")}`,
    );
    process.exit(2);
  }
  console.error(`running ${name}…`);
  const text = await section();
  console.error(text);
  parts.push(text);
}

const header = [
  "# Benchmarks",
  "",
  "Written by `pnpm bench` (the `bench/` workspace package). Every table measures Hookwire and the peer",
  "(or the physical limit) in the same run on the same machine; numbers are medians of several rounds.",
  "Targets are reported, never asserted in tests.",
  "",
  `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  "",
].join("\n");

if (requested.length === 0) {
  const out = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
  const notes = await import("./notes.js").then((m) => m.notes).catch(() => "");
  writeFileSync(out, `${header}\n${parts.join("\n")}\n${notes}`);
  console.error(`wrote ${out}`);
}
