import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { postgresStore } from "@hookwire/store-postgres";
import { Webhook } from "standardwebhooks";
import { afterAll, expect, it } from "vitest";
import { waitFor, waitForOutput } from "./wait.js";

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const KEY = "split-api-key-0123456789";
const DATABASE = process.env.HOOKWIRE_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `hookwire_cli_split_${process.pid}`;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function serve(args: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@hookwire/source",
      "--import",
      "tsx",
      bin,
      "serve",
      "--database",
      DATABASE,
      "--schema",
      SCHEMA,
      "--api-key",
      KEY,
      "--allow-private-network",
      "--retry-schedule",
      "0,100,200",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  await waitForOutput(child, "hookwire dispatcher");
  return child;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  const store = postgresStore({ connectionString: DATABASE, schema: SCHEMA });
  await store.pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await store.pool.end();
});

it("scales API and worker nodes separately on PostgreSQL: --no-worker publishes, --worker-only nodes deliver", async () => {
  const verified: string[] = [];
  let secret = "";
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      new Webhook(secret).verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
      verified.push(String(req.headers["webhook-id"]));
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
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
  try {
    const apiNode = await serve(["--port", String(port), "--no-worker"]);
    const subscription = await (
      await api("/v1/subscriptions", {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        eventTypes: ["*"],
      })
    ).json();
    secret = subscription.secret;
    for (let i = 0; i < 20; i++)
      expect((await api("/v1/events", { type: "order.created", data: { i } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(verified).toHaveLength(0); // the API node runs no worker
    expect((await (await api("/v1/deliveries?status=pending")).json()).items).toHaveLength(20);

    const workers = [await serve(["--worker-only"]), await serve(["--worker-only"])];
    await waitFor(() => new Set(verified).size === 20, "20 deliveries by the worker-only nodes");
    expect(new Set(verified).size).toBe(20);
    // A worker records an outcome after the receiver has answered, and records several together:
    // wait for the store to say so rather than assume it already does.
    await waitFor(
      async () => (await (await api("/v1/deliveries?status=delivered")).json()).items.length === 20,
      "20 deliveries recorded as delivered",
    );

    for (const child of [apiNode, ...workers]) {
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0); // graceful stop
    }
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
}, 180_000);
