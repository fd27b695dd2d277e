import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { expect, it } from "vitest";
import { waitFor, waitForOutput } from "./wait.js";

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const KEY = "e2e-api-key-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startServe(port: number, database: string, concurrency = 16): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@hookwire/source",
      "--import",
      "tsx",
      bin,
      "serve",
      "--port",
      String(port),
      "--database",
      database,
      "--api-key",
      KEY,
      "--allow-private-network",
      "--timeout-ms",
      "1000",
      "--concurrency",
      String(concurrency),
      "--retry-schedule",
      "0,100,200,400,800,1000,1000,1000,1000",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await waitForOutput(child, "listening on");
  return child;
}

it("delivers all 200 events over real HTTP, verified by standardwebhooks, across a kill -9 of the server", async () => {
  const database = join(mkdtempSync(join(tmpdir(), "hookwire-e2e-")), "e2e.db");
  const verified = new Set<string>();
  let secret = "";
  // Before the kill the receiver answers at most KILL_AT distinct deliveries and holds the rest unanswered,
  // so the kill lands after observed progress and before the last delivery, whatever the machine's speed.
  const KILL_AT = 40;
  let holding = true;
  const held = new Set<ServerResponse>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      if (holding && !verified.has(id) && verified.size >= KILL_AT) {
        held.add(res);
        res.on("close", () => held.delete(res));
        return;
      }
      try {
        new Webhook(secret).verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
        verified.add(id);
        res.end("ok");
      } catch {
        res.statusCode = 401;
        res.end("bad signature");
      }
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const port = await freePort();
  const api = (path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer ${KEY}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  let child = await startServe(port, database, 4);
  try {
    const subscription = await (
      await api("/v1/subscriptions", { url: receiverUrl, eventTypes: ["order.*"] })
    ).json();
    secret = subscription.secret;
    for (let i = 0; i < 200; i++) {
      const response = await api("/v1/events", { type: "order.created", data: { i }, id: `order-${i}` });
      expect(response.status).toBe(202);
    }
    await waitFor(() => verified.size >= KILL_AT, `${KILL_AT} verified deliveries before the kill`);
    const before = verified.size;
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(before).toBe(KILL_AT); // the kill landed mid-way: some delivered, most not
    for (const res of held) res.destroy(); // the killed server's requests in flight
    holding = false;
    child = await startServe(port, database);
    await waitFor(() => verified.size === 200, "all 200 deliveries verified after the restart", {
      timeoutMs: 120_000,
    });
    // the deliveries the killed server had in flight are taken again when their leases expire
    await waitFor(
      async () => (await (await api("/v1/deliveries?status=pending&limit=250")).json()).items.length === 0,
      "no pending delivery left",
      { everyMs: 100 },
    );
    const health = await (
      await fetch(`http://127.0.0.1:${port}/health`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json();
    expect(health.deliveries).toEqual({ pending: 0, delivered: 200, failed: 0 });
  } finally {
    child.kill("SIGKILL");
    receiver.closeAllConnections();
    receiver.close();
  }
}, 240_000);
