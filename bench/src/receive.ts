import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { githubSignature } from "@hookwire/github";
import autocannon from "autocannon";
import { fmt, median } from "./measure.js";

const SECRET = "bench-secret";
const server = fileURLToPath(new URL("./servers/receive-server.ts", import.meta.url));

interface Mode {
  mode: string;
  name: string;
  /** The bare counterpart this row is compared with. */
  baseline: string;
}

const MODES: Mode[] = [
  { mode: "bare", name: "node:http, reads the body, no verification (the limit)", baseline: "bare" },
  { mode: "node-handler", name: "@hookwire/core/node createNodeHandler + github()", baseline: "bare" },
  { mode: "express-bare", name: "Express 5, empty route", baseline: "express-bare" },
  { mode: "express-hookwire", name: "Express 5 + @hookwire/express + github()", baseline: "express-bare" },
  { mode: "fastify-bare", name: "Fastify 5, empty route", baseline: "fastify-bare" },
  { mode: "fastify-hookwire", name: "Fastify 5 + @hookwire/fastify + github()", baseline: "fastify-bare" },
  { mode: "octokit", name: "@octokit/webhooks createNodeMiddleware", baseline: "bare" },
];

async function startServer(mode: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwire/source", "--import", "tsx", server, mode, SECRET],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  return { port: JSON.parse(line.toString()).port as number, child };
}

async function load(
  port: number,
  body: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhooks/github`,
    method: "POST",
    body,
    headers,
    connections: 32,
    pipelining: 1,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`port ${port}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}

/** Run the end-to-end receiving benchmark and return its Markdown section. */
export async function receivingSection(options: { rounds?: number; seconds?: number } = {}): Promise<string> {
  const rounds = options.rounds ?? 3;
  const seconds = options.seconds ?? 4;
  const body = JSON.stringify({ action: "opened", issue: { number: 1, title: "x".repeat(900) } });
  const headers = {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-github-delivery": "bench",
    "x-hub-signature-256": await githubSignature(body, SECRET),
  };
  const rps = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const m of MODES) {
      const { port, child } = await startServer(m.mode);
      try {
        await load(port, body, headers, 1); // warm-up
        const value = await load(port, body, headers, seconds);
        rps.set(m.mode, [...(rps.get(m.mode) ?? []), value]);
      } finally {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    }
  }
  const lines = [
    "## 2. Receiving end to end over HTTP",
    "",
    `A signed GitHub \`issues.opened\` webhook (1 KiB) POSTed by autocannon (32 connections, ${seconds} s per round,`,
    `${rounds} rounds) from the benchmark process to a server in its own process on 127.0.0.1. Requests per`,
    "second, median of the rounds; ratio = this row ÷ its bare counterpart.",
    "",
    "| server | req/s | ÷ bare counterpart |",
    "| --- | ---: | ---: |",
  ];
  for (const m of MODES) {
    const value = median(rps.get(m.mode)!);
    const base = median(rps.get(m.baseline)!);
    lines.push(`| ${m.name} | ${fmt(value)} | ${(value / base).toFixed(2)} |`);
  }
  lines.push("");
  return lines.join("\n");
}
