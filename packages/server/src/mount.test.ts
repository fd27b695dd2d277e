import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { webhookMiddleware } from "@hookwire/express";
import { createSender, memoryStore } from "@hookwire/sender";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createManagementApi } from "./api.js";

const KEY = "mounted-api-key-0123456789";
const sender = createSender({ store: memoryStore() });
let server: Server;
let base = "";

beforeAll(async () => {
  const app = express();
  app.get("/", (_req, res) => {
    res.send("the app's own route");
  });
  app.use(
    "/hookwire",
    webhookMiddleware(
      createManagementApi({ sender, apiKeys: [{ key: KEY, owner: "app" }], basePath: "/hookwire" }),
    ),
  );
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await sender.close();
});

it("mounts in an Express app through @hookwire/express, next to the app's own routes", async () => {
  expect(await (await fetch(`${base}/`)).text()).toBe("the app's own route");
  const created = await fetch(`${base}/hookwire/v1/event-types`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "order.created", description: "An order was placed" }),
  });
  expect(created.status).toBe(201);
  const list = await (
    await fetch(`${base}/hookwire/v1/event-types`, { headers: { authorization: `Bearer ${KEY}` } })
  ).json();
  expect(list.items.map((t: { name: string }) => t.name)).toContain("order.created");
  const refused = await fetch(`${base}/hookwire/v1/event-types`);
  expect(refused.status).toBe(401);
  expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
  const doc = await (await fetch(`${base}/hookwire/v1/openapi.json`)).json();
  expect(doc.servers[0].url).toBe(`${base}/hookwire`);
});
