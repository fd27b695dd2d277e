import { connect, type Socket } from "node:net";
import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { adapters } from "./servers.js";
import { record } from "./summary.js";

const SECRET = "reliability-secret";
const LIMIT = 1024 * 1024;
const MiB = 1024 * 1024;
const agent = new Agent({ connections: 1_000, pipelining: 0 });
afterAll(() => agent.close());

async function send(url: string, n: number): Promise<Response> {
  const signed = await githubTestRequest({
    secret: SECRET,
    event: "issues",
    id: `delivery-${n}`,
    payload: { action: "opened", issue: { number: n }, pad: "x".repeat(1024) },
  });
  return undiciFetch(`${url}/github`, {
    method: "POST",
    headers: Object.fromEntries(signed.headers),
    body: new Uint8Array(await signed.arrayBuffer()),
    dispatcher: agent,
  }) as unknown as Promise<Response>;
}

function router() {
  const seen = new Set<number>();
  const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) }, maxBodyBytes: LIMIT });
  hooks.on("github", "issues.opened", (event) => {
    seen.add(event.payload.issue.number);
  });
  return { hooks, seen };
}

/** Open a connection that sends headers and then a body one byte at a time, slowly. */
function slowLoris(url: string): { socket: Socket; closed: Promise<number> } {
  const { hostname, port, pathname } = new URL(`${url}/github`);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  socket.on("connect", () => {
    socket.write(
      `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nX-GitHub-Event: issues\r\n\r\n{`,
    );
  });
  const drip = setInterval(() => socket.writable && socket.write(" "), 200);
  socket.on("error", () => {});
  const closed = new Promise<number>((resolve) =>
    socket.on("close", () => {
      clearInterval(drip);
      resolve(Date.now() - started);
    }),
  );
  return { socket, closed };
}

for (const [name, start] of Object.entries(adapters)) {
  describe(`adapter under load and abuse: ${name}`, () => {
    it("answers 1,000 concurrent signed webhooks correctly with bounded memory", async () => {
      const { hooks, seen } = router();
      const server = await start(hooks, LIMIT);
      try {
        global.gc?.();
        const before = process.memoryUsage().rss;
        const responses = await Promise.all(Array.from({ length: 1_000 }, (_, i) => send(server.url, i)));
        const statuses = responses.map((r) => r.status);
        await Promise.all(responses.map((r) => r.arrayBuffer()));
        const grown = (process.memoryUsage().rss - before) / MiB;
        expect(statuses.every((s) => s === 200)).toBe(true);
        expect(seen.size).toBe(1_000);
        expect(grown).toBeLessThan(256);
        record({
          suite: "Adapters under load",
          tried: `${name}: 1,000 concurrent signed GitHub webhooks (1 KiB) on 1,000 connections`,
          held: `1,000 × 200, every event handled once; RSS grew ${grown.toFixed(0)} MiB (bound 256)`,
        });
      } finally {
        await server.close();
      }
    });

    it("bounds slow-loris connections by the server's request timeout and keeps serving", async () => {
      const { hooks, seen } = router();
      const server = await start(hooks, LIMIT);
      try {
        const lorises = Array.from({ length: 50 }, () => slowLoris(server.url));
        await new Promise((r) => setTimeout(r, 300));
        const during = await Promise.all(Array.from({ length: 20 }, (_, i) => send(server.url, 10_000 + i)));
        expect(during.every((r) => r.status === 200)).toBe(true);
        const lifetimes = await Promise.race([
          Promise.all(lorises.map((l) => l.closed)),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error("slow connections never closed")), 15_000),
          ),
        ]);
        const longest = Math.max(...lifetimes);
        expect(longest).toBeLessThan(10_000);
        expect(seen.size).toBe(20);
        record({
          suite: "Slow-loris and oversize bodies",
          tried: `${name}: 50 connections dripping a 100 kB body one byte per 200 ms, server.requestTimeout = 2 s`,
          held: `20 valid webhooks answered 200 meanwhile; every slow connection closed by the server within ${(longest / 1000).toFixed(1)} s`,
        });
      } finally {
        await server.close();
      }
    });

    it("refuses a 64 MiB streamed body with 413 without buffering it", async () => {
      const { hooks, seen } = router();
      const server = await start(hooks, LIMIT);
      try {
        global.gc?.();
        const before = process.memoryUsage().rss;
        let sent = 0;
        const chunk = new Uint8Array(64 * 1024).fill(120);
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent >= 64 * MiB) return controller.close();
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        const started = Date.now();
        let status = 0;
        try {
          const response = await undiciFetch(`${server.url}/github`, {
            method: "POST",
            body,
            duplex: "half",
            headers: {
              "content-type": "application/json",
              "x-github-event": "issues",
              "x-hub-signature-256": "sha256=00",
            },
            dispatcher: agent,
          });
          status = response.status;
          await response.arrayBuffer().catch(() => {});
        } catch {
          status = -1; // the server closed the connection after answering; acceptable if nothing was handled
        }
        const grown = (process.memoryUsage().rss - before) / MiB;
        expect([413, -1]).toContain(status);
        expect(sent).toBeLessThan(64 * MiB);
        expect(seen.size).toBe(0);
        expect(grown).toBeLessThan(48);
        record({
          suite: "Slow-loris and oversize bodies",
          tried: `${name}: a 64 MiB chunked upload against a 1 MiB limit`,
          held: `${status === 413 ? "413 PAYLOAD_TOO_LARGE" : "connection closed"} after ${((Date.now() - started) / 1000).toFixed(1)} s, ${(sent / MiB).toFixed(1)} MiB sent of 64, RSS grew ${grown.toFixed(0)} MiB, no handler ran`,
        });
      } finally {
        await server.close();
      }
    });
  });
}
