import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { expect, it } from "vitest";

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
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  for (let i = 0; i < 300 && !output.includes("listening on"); i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!output.includes("listening on")) throw new Error(`serve did not start: ${output}`);
  return child;
}

it("delivers all 200 events over real HTTP, verified by standardwebhooks, across a kill -9 of the server", async () => {
  const database = join(mkdtempSync(join(tmpdir(), "hookwire-e2e-")), "e2e.db");
  const verified = new Set<string>();
  let secret = "";
  // slow answers before the kill, so the kill lands mid-way whatever the machine's speed
  let delayMs = 150;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () =>
      setTimeout(() => {
        try {
          new Webhook(secret).verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
          verified.add(String(req.headers["webhook-id"]));
          res.end("ok");
        } catch {
          res.statusCode = 401;
          res.end("bad signature");
        }
      }, delayMs),
    );
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
    for (let i = 0; i < 400 && verified.size < 40; i++) await new Promise((r) => setTimeout(r, 10));
    const before = verified.size;
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(200);
    delayMs = 5;
    child = await startServe(port, database);
    for (let i = 0; i < 600 && verified.size < 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect(verified.size).toBe(200);
    // the deliveries the killed server had in flight are taken again when their leases expire
    let pending = -1;
    for (let i = 0; i < 300 && pending !== 0; i++) {
      pending = (await (await api("/v1/deliveries?status=pending&limit=250")).json()).items.length;
      if (pending !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending).toBe(0);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health.deliveries).toEqual({ pending: 0, delivered: 200, failed: 0 });
  } finally {
    child.kill("SIGKILL");
    receiver.closeAllConnections();
    receiver.close();
  }
}, 90_000);
