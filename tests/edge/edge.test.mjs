// The bundled receiver (dist/worker.js: @hookwire/core + @hookwire/github) in three runtimes, each
// installed from npm: workerd through miniflare (no compatibility flags: no nodejs_compat), Deno and
// Bun. Each gets a correctly signed request (200, the handler ran), a tampered body (401
// SIGNATURE_INVALID, the handler did not run) and a request without a signature (401 SIGNATURE_MISSING).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { githubTestRequest } from "@hookwire/github/testing";
import { Miniflare } from "miniflare";
import { bundle } from "./build.mjs";

const require = createRequire(import.meta.url);
const SECRET = "edge-test-secret";
const payload = JSON.stringify({ action: "opened", issue: { number: 7 } });
let worker = "";

before(async () => {
  worker = (await bundle()).outfile;
});

/** The three requests, as plain parts (any runtime's fetch can send them). */
async function requests() {
  const signed = await githubTestRequest({
    secret: SECRET,
    payload,
    event: "issues",
    url: "http://edge.test/",
  });
  const headers = Object.fromEntries(signed.headers);
  const body = await signed.text();
  const { "x-hub-signature-256": _signature, ...unsigned } = headers;
  return {
    valid: { headers, body },
    tampered: { headers, body: body.replace('"number":7', '"number":8') },
    unsigned: { headers: unsigned, body },
  };
}

/** Sends the three requests through `send(path, init)` and checks the answers and what the handler saw. */
async function exercise(send) {
  const cases = await requests();
  const valid = await send("/webhooks/github", { method: "POST", ...cases.valid });
  assert.equal(valid.status, 200, await valid.clone().text());
  const tampered = await send("/webhooks/github", { method: "POST", ...cases.tampered });
  assert.equal(tampered.status, 401);
  assert.equal((await tampered.json()).error.code, "SIGNATURE_INVALID");
  const unsigned = await send("/webhooks/github", { method: "POST", ...cases.unsigned });
  assert.equal(unsigned.status, 401);
  assert.equal((await unsigned.json()).error.code, "SIGNATURE_MISSING");
  const seen = await (await send("/seen", { method: "GET" })).json();
  assert.equal(seen.length, 1, `the handler ran for the valid request only: ${JSON.stringify(seen)}`);
  assert.match(seen[0], /^issues\.opened /);
}

describe("workerd (miniflare), no nodejs_compat", { timeout: 120_000 }, () => {
  let mf;
  before(async () => {
    mf = new Miniflare({
      modules: true,
      scriptPath: worker,
      compatibilityDate: "2025-01-01",
      compatibilityFlags: [],
    });
    await mf.ready;
  });
  after(() => mf?.dispose());
  it("verifies a valid request and refuses tampered and unsigned ones", () =>
    exercise((path, init) => mf.dispatchFetch(`http://edge.test${path}`, init)));
});

/** Starts `command` serving the bundle on 127.0.0.1, waits for it to print its port. */
function serve(command, args) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const port = new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      output += d;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => reject(new Error(`${command} exited (${code}) before listening: ${output}`)));
  });
  return { child, port };
}

for (const runtime of ["deno", "bun"]) {
  describe(runtime, { timeout: 120_000 }, () => {
    let server;
    let base = "";
    before(async () => {
      // The runtimes' own binaries (deno's bin.cjs wrapper links its binary on first use, then runs
      // it as a grandchild; the binary itself is spawned so that killing it stops the server).
      let bin = require.resolve("bun/bin/bun.exe");
      if (runtime === "deno") {
        const wrapper = require.resolve("deno/bin.cjs");
        execFileSync(process.execPath, [wrapper, "--version"]);
        bin = join(dirname(wrapper), "deno");
      }
      const entry = worker.replace(/worker\.js$/, `serve-${runtime}.mjs`);
      writeFileSync(
        entry,
        runtime === "deno"
          ? `import worker from "./worker.js";
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log("listening " + port) }, (request) => worker.fetch(request));\n`
          : `import worker from "./worker.js";
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => worker.fetch(request) });
console.log("listening " + server.port);\n`,
      );
      server =
        runtime === "deno"
          ? serve(bin, ["run", "--allow-net=127.0.0.1", "--no-prompt", entry])
          : serve(bin, [entry]);
      base = `http://127.0.0.1:${await server.port}`;
    });
    after(() => server?.child.kill("SIGKILL"));
    it("verifies a valid request and refuses tampered and unsigned ones", () =>
      exercise((path, init) => fetch(`${base}${path}`, init)));
  });
}
