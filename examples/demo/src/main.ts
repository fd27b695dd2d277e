// `pnpm demo`: the whole of Hookwire in one command.
//   1. the dispatcher (management API + delivery worker) on an embedded SQLite file
//   2. a receiver app on Express that verifies every delivery with @hookwire/standard-webhooks
//   3. event types, two subscriptions, a handful of events — one endpoint fails twice, so retries show
//   4. the attempt log and the dashboard's URL, then a clean exit — or, with --keep, it stays up so
//      the dashboard (sign in with the demo API key) shows what just happened
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWebhooks } from "@hookwire/core";
import { webhookMiddleware } from "@hookwire/express";
import { createDispatcher } from "@hookwire/server";
import { standardWebhooks } from "@hookwire/standard-webhooks";
import express from "express";

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const c = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const say = (text: string) => console.log(`${c(36, "›")} ${text}`);

const dir = mkdtempSync(join(tmpdir(), "hookwire-demo-"));
const API_KEY = "demo-api-key-0123456789";

// 1. the dispatcher
const dispatcher = createDispatcher({
  database: join(dir, "demo.db"),
  apiKeys: [{ key: API_KEY, owner: "demo" }],
  allowPrivateNetwork: true, // the receiver runs on 127.0.0.1
  allowHttp: true,
  retrySchedule: [0, 300, 600, 900, 1200],
  retryJitter: 0,
  concurrency: 4,
});
const { url: api } = await dispatcher.listen(0);
say(`dispatcher on ${api} (SQLite ${join(dir, "demo.db")})`);

// 2. the receiver app: secrets are looked up per endpoint once the subscriptions exist
const secrets = new Map<string, string>();
const hooks = createWebhooks({
  receivers: {
    shop: standardWebhooks({ secret: () => secrets.get("shop"), provider: "shop" }),
    flaky: standardWebhooks({ secret: () => secrets.get("flaky"), provider: "flaky" }),
  },
});
let flakyCalls = 0;
hooks.on("shop", "*", (event) => {
  console.log(`  ${c(32, "✓ shop")}  ${event.type} ${c(2, `webhook-id ${event.id}, signature verified`)}`);
});
hooks.on("flaky", "*", (event) => {
  flakyCalls++;
  if (flakyCalls <= 2) {
    console.log(`  ${c(33, "✗ flaky")} ${event.type} ${c(2, `answers 503 on purpose (call ${flakyCalls})`)}`);
    return new Response("try again later", { status: 503 });
  }
  console.log(`  ${c(32, "✓ flaky")} ${event.type} ${c(2, `webhook-id ${event.id}, signature verified`)}`);
});
const app = express();
app.use("/webhooks", webhookMiddleware(hooks));
const receiver: Server = await new Promise((resolve) => {
  const server = app.listen(0, "127.0.0.1", () => resolve(server));
});
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
say(`receiver app (Express + @hookwire/express) on ${receiverUrl}`);

// 3. the management API, over HTTP as any client would use it
async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

for (const [name, description] of [
  ["order.created", "An order was placed"],
  ["order.shipped", "An order left the warehouse"],
  ["invoice.paid", "An invoice was paid"],
]) {
  await call("POST", "/v1/event-types", { name, description });
}
say("declared event types order.created, order.shipped, invoice.paid");
const shop = await call("POST", "/v1/subscriptions", {
  url: `${receiverUrl}/shop`,
  eventTypes: ["order.*", "invoice.paid"],
  description: "the shop",
});
const flaky = await call("POST", "/v1/subscriptions", {
  url: `${receiverUrl}/flaky`,
  eventTypes: ["invoice.paid"],
  description: "a flaky endpoint",
});
secrets.set("shop", shop.secret);
secrets.set("flaky", flaky.secret);
say(`subscribed ${c(1, "shop")} to order.* + invoice.paid, ${c(1, "flaky")} to invoice.paid`);

const events = [
  { type: "order.created", data: { order: "ord_1", total: 42 } },
  { type: "order.created", data: { order: "ord_2", total: 7 } },
  { type: "order.shipped", data: { order: "ord_1", carrier: "post" } },
  { type: "invoice.paid", data: { invoice: "in_1", amount: 4200 } },
];
for (const event of events) {
  const result = await call("POST", "/v1/events", event);
  say(`published ${event.type} → ${result.deliveries} deliver${result.deliveries === 1 ? "y" : "ies"}`);
}

// wait until every delivery has settled
const deadline = Date.now() + 30_000;
for (;;) {
  const { deliveries } = await (
    await fetch(`${api}/health`, { headers: { authorization: `Bearer ${API_KEY}` } })
  ).json();
  if (deliveries.pending === 0) break;
  if (Date.now() > deadline) throw new Error("deliveries did not settle in 30 s");
  await new Promise((r) => setTimeout(r, 100));
}

// 4. the attempt log
console.log(`\n${c(1, "Attempt log")}`);
console.log(c(2, "delivery                          event           endpoint  attempt  status  latency"));
const { items } = await call("GET", "/v1/deliveries?limit=250");
let attempts = 0;
for (const delivery of items) {
  const detail = await call("GET", `/v1/deliveries/${delivery.id}`);
  const endpoint = delivery.subscriptionId === shop.id ? "shop" : "flaky";
  for (const a of detail.attemptLog) {
    attempts++;
    const status =
      a.status === null ? c(31, "error") : a.status < 300 ? c(32, String(a.status)) : c(33, String(a.status));
    console.log(
      `${delivery.id.padEnd(34)}${delivery.eventType.padEnd(16)}${endpoint.padEnd(10)}${String(a.attempt).padEnd(9)}${status.padEnd(color ? 17 : 8)}${a.durationMs} ms`,
    );
  }
}
const { deliveries } = await (
  await fetch(`${api}/health`, { headers: { authorization: `Bearer ${API_KEY}` } })
).json();
console.log(
  `\n${c(1, `${deliveries.delivered} delivered, ${deliveries.failed} failed, ${attempts} attempts`)} — every delivery verified by the receiver.`,
);

console.log(`\n${c(1, "Dashboard")}  ${api}/ui  ${c(2, `(sign in with the API key ${API_KEY})`)}`);

async function shutdown() {
  await dispatcher.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv.includes("--keep")) {
  say("staying up (--keep): open the dashboard; Ctrl-C to stop");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void shutdown().then(() => process.exit(0));
    });
  }
} else {
  await shutdown();
}
