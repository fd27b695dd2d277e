import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { githubSignature } from "@hookwire/github/testing";
import autocannon from "autocannon";
import { fmt, median } from "./measure.js";

export const SECRET = "bench-secret";
const server = fileURLToPath(new URL("./servers/receive-server.ts", import.meta.url));

interface Mode {
  mode: string;
  name: string;
  /** The bare counterpart this row is compared with. */
  baseline: string;
}

const ALL_MODES: Mode[] = [
  { mode: "bare", name: "node:http, reads the body, no verification (the limit)", baseline: "bare" },
  {
    mode: "bare-verify",
    name: "node:http + hand-written HMAC, timingSafeEqual, JSON.parse (the limit with verification)",
    baseline: "bare",
  },
  { mode: "node-handler", name: "@hookwire/core/node createNodeHandler + github()", baseline: "bare" },
  { mode: "octokit", name: "@octokit/webhooks createNodeMiddleware", baseline: "bare" },
  {
    mode: "express-bare",
    name: "Express 5, empty route reading the body (express.raw)",
    baseline: "express-bare",
  },
  { mode: "express-hookwire", name: "Express 5 + @hookwire/express + github()", baseline: "express-bare" },
  { mode: "fastify-bare", name: "Fastify 5, empty route with a buffer parser", baseline: "fastify-bare" },
  {
    mode: "fastify-verify",
    name: "Fastify 5, the same route + hand-written HMAC, timingSafeEqual, JSON.parse (the ceiling)",
    baseline: "fastify-bare",
  },
  { mode: "fastify-hookwire", name: "Fastify 5 + @hookwire/fastify + github()", baseline: "fastify-bare" },
  { mode: "koa-bare", name: "Koa 3, empty route reading the body", baseline: "koa-bare" },
  {
    mode: "koa-verify",
    name: "Koa 3, the same route + hand-written HMAC, timingSafeEqual, JSON.parse (the ceiling)",
    baseline: "koa-bare",
  },
  { mode: "koa-hookwire", name: "Koa 3 + @hookwire/koa + github()", baseline: "koa-bare" },
  {
    mode: "next-pages-bare",
    name: "Next.js pages API route (bodyParser off) reading the body",
    baseline: "next-pages-bare",
  },
  {
    mode: "next-pages-hookwire",
    name: "Next.js pages route + @hookwire/next createPagesHandler + github()",
    baseline: "next-pages-bare",
  },
];

/** `HOOKWIRE_BENCH_MODES=bare,node-handler,octokit` runs only those rows (for profiling one pair). */
const MODES: Mode[] = process.env.HOOKWIRE_BENCH_MODES
  ? ALL_MODES.filter((m) => process.env.HOOKWIRE_BENCH_MODES!.split(",").includes(m.mode))
  : ALL_MODES;

async function startServer(mode: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      // e.g. HOOKWIRE_BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers
      ...(process.env.HOOKWIRE_BENCH_SERVER_FLAGS?.split(" ").filter(Boolean) ?? []),
      // HOOKWIRE_BENCH_DIST=1: the servers load the built packages (dist/, what users run; build them
      // first) instead of the TypeScript sources through tsx.
      ...(process.env.HOOKWIRE_BENCH_DIST ? [] : ["--conditions=@hookwire/source"]),
      "--import",
      "tsx",
      server,
      mode,
      SECRET,
    ],
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

/** The request every receiving row serves: a signed GitHub `issues.opened` webhook of 1 KiB. */
export async function signedIssueOpened(): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify({ action: "opened", issue: { number: 1, title: "x".repeat(900) } });
  const headers = {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-github-delivery": "bench",
    "x-hub-signature-256": await githubSignature(body, SECRET),
  };
  return { body, headers };
}

/** Run the end-to-end receiving benchmark and return its Markdown section. */
export async function receivingSection(options: { rounds?: number; seconds?: number } = {}): Promise<string> {
  const rounds = options.rounds ?? Number(process.env.HOOKWIRE_BENCH_ROUNDS ?? 3);
  const seconds = options.seconds ?? Number(process.env.HOOKWIRE_BENCH_SECONDS ?? 4);
  const { body, headers } = await signedIssueOpened();
  const rps = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const m of MODES) {
      const { port, child } = await startServer(m.mode);
      let report: Promise<unknown> | undefined;
      try {
        await load(port, body, headers, 1); // warm-up
        child.kill("SIGUSR2");
        const value = await load(port, body, headers, seconds);
        rps.set(m.mode, [...(rps.get(m.mode) ?? []), value]);
        report = once(child.stdout!, "data");
      } finally {
        child.kill("SIGTERM");
        const [line] = ((await report) ?? []) as [Buffer?];
        if (line) {
          const { handled, cpuUs } = JSON.parse(line.toString()) as { handled: number; cpuUs: number };
          if (handled > 0) cpu.set(m.mode, [...(cpu.get(m.mode) ?? []), cpuUs / handled]);
        }
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
    "The CPU columns are the server process's own CPU time (user + system) per handled request during",
    "the measured load: other work on the machine disturbs it far less than requests per second, so its",
    "ratio (bare counterpart's CPU ÷ this row's CPU, i.e. relative throughput per CPU) is the steadier one.",
    "",
    "| server | req/s | ÷ bare counterpart | CPU µs/request | ÷ bare (by CPU) |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const m of MODES) {
    const value = median(rps.get(m.mode)!);
    const base = rps.get(m.baseline) ? median(rps.get(m.baseline)!) : Number.NaN;
    const us = cpu.get(m.mode) ? median(cpu.get(m.mode)!) : Number.NaN;
    const baseUs = cpu.get(m.baseline) ? median(cpu.get(m.baseline)!) : Number.NaN;
    lines.push(
      `| ${m.name} | ${fmt(value)} | ${(value / base).toFixed(2)} | ${us.toFixed(0)} | ${(baseUs / us).toFixed(2)} |`,
    );
  }
  const octokit = rps.get("octokit");
  const node = rps.get("node-handler");
  if (octokit && node) {
    const byCpu =
      median(cpu.get("octokit") ?? [Number.NaN]) / median(cpu.get("node-handler") ?? [Number.NaN]);
    lines.push(
      "",
      `createNodeHandler ÷ @octokit/webhooks createNodeMiddleware: ${(median(node) / median(octokit)).toFixed(2)} by req/s, ${byCpu.toFixed(2)} by CPU per request (same run, medians).`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
