import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSender, memoryStore } from "@hookwire/sender";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createConsole } from "./console.js";

const KEY = "mounted-console-key-0123456789";
const sender = createSender({ store: memoryStore() });
const hookwire = createConsole({ sender, apiKeys: [{ key: KEY }], basePath: "/hookwire" });
let server: Server;
let base = "";

beforeAll(async () => {
  const app = express();
  app.get("/", (_req, res) => {
    res.send("the app's own route");
  });
  app.use("/hookwire", (req, res) => hookwire.node(req, res));
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hookwire.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await sender.close();
});

it("serves the dashboard, its session and the live stream under an Express mount path", async () => {
  expect(await (await fetch(`${base}/`)).text()).toBe("the app's own route");
  const html = await (await fetch(`${base}/hookwire/ui`)).text();
  expect(html).toContain('src="/hookwire/ui/app.js"');
  expect((await fetch(`${base}/hookwire/ui/app.js`)).headers.get("content-type")).toMatch(/javascript/);
  const login = await fetch(`${base}/hookwire/ui/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ key: KEY }),
  });
  expect(login.status).toBe(200);
  const setCookie = login.headers.get("set-cookie")!;
  expect(setCookie).toContain("Path=/hookwire/ui");
  const cookie = setCookie.split(";")[0]!;
  const { csrf } = (await login.json()) as { csrf: string };
  const created = await fetch(`${base}/hookwire/ui/api/v1/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf, origin: base },
    body: JSON.stringify({ url: "https://example.com/hook", eventTypes: ["*"] }),
  });
  expect(created.status).toBe(201);

  const abort = new AbortController();
  const stream = await fetch(`${base}/hookwire/ui/api/stream`, { headers: { cookie }, signal: abort.signal });
  expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: ready")) text += (await reader.read()).value ?? "";
  await sender.publish({ type: "order.paid", data: {} });
  while (!text.includes("event: event.published")) text += (await reader.read()).value ?? "";
  expect(text).toContain('"deliveries":1');
  abort.abort();
  await reader.cancel().catch(() => {});

  const link = await fetch(`${base}/hookwire/v1/portal-links`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ owner: "acme" }),
  });
  const { url } = (await link.json()) as { url: string };
  expect(url.startsWith(`${base}/hookwire/portal#`)).toBe(true);
});
