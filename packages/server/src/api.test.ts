import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { memoryStore } from "@hookwire/sender";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import { ROUTES } from "./openapi.js";

const KEY_A = "key-for-tenant-a-0123456789";
const KEY_B = "key-for-tenant-b-0123456789";
let dispatcher: Dispatcher;
let base = "";
let receiver: Server;
let receiverUrl = "";
const received: Array<{ headers: Record<string, string>; body: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString(),
      });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  dispatcher = createDispatcher({
    store: memoryStore(),
    apiKeys: [
      { key: KEY_A, owner: "a" },
      { key: KEY_B, owner: "b" },
    ],
    allowPrivateNetwork: true,
    allowHttp: true,
    retrySchedule: [0, 50],
    worker: true,
    concurrency: 4,
  });
  base = (await dispatcher.listen(0)).url;
});

afterAll(async () => {
  await dispatcher.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

function call(
  method: string,
  path: string,
  body?: unknown,
  key: string | null = KEY_A,
  headers: Record<string, string> = {},
) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

/** Waits for an observed condition (bounded only so that a real failure ends with a message). */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The start of a body (a live stream never ends: read its first chunk, then stop). */
async function readSome(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value ?? new Uint8Array());
}

async function errorCode(response: Response): Promise<[number, string]> {
  return [response.status, (await response.json()).error.code];
}

describe("management API", () => {
  it("serves the whole lifecycle: event types, subscription, publish, the attempt log", async () => {
    expect(
      (await call("POST", "/v1/event-types", { name: "invoice.paid", description: "Paid" })).status,
    ).toBe(201);
    expect((await (await call("GET", "/v1/event-types")).json()).items).toEqual([
      { name: "invoice.paid", description: "Paid" },
    ]);
    const created = await call("POST", "/v1/subscriptions", {
      url: receiverUrl,
      eventTypes: ["invoice.*"],
      description: "books",
      metadata: { plan: "pro" },
    });
    expect(created.status).toBe(201);
    const subscription = await created.json();
    expect(subscription.secret).toMatch(/^whsec_/);
    const published = await call("POST", "/v1/events", {
      type: "invoice.paid",
      data: { id: "in_1" },
      id: "evt-api-1",
    });
    expect(published.status).toBe(202);
    expect(await published.json()).toEqual({ id: "evt-api-1", deliveries: 1, created: true });
    expect(
      await (
        await call("POST", "/v1/events", { type: "invoice.paid", data: { id: "in_1" }, id: "evt-api-1" })
      ).json(),
    ).toEqual({
      id: "evt-api-1",
      deliveries: 0,
      created: false,
    });
    await until(() => received.length > 0);
    expect(new Webhook(subscription.secret).verify(received[0]!.body, received[0]!.headers)).toMatchObject({
      type: "invoice.paid",
      data: { id: "in_1" },
    });
    // the attempt is recorded after the receiver has answered: wait for the log to show it
    let log: { items: any[] } = { items: [] };
    await until(async () => {
      log = await (await call("GET", "/v1/events/evt-api-1/deliveries")).json();
      return log.items[0]?.status === "delivered";
    });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: "delivered", attempts: 1 });
    expect(log.items[0].attemptLog[0]).toMatchObject({ status: 200, responseBody: "ok" });
    // the attempt's request headers are the ones the receiver got (signature included, secret never)
    const sent: Record<string, string> = log.items[0].attemptLog[0].requestHeaders;
    expect(Object.keys(sent)).toEqual(
      expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature", "content-type"]),
    );
    for (const [name, value] of Object.entries(sent)) expect(received[0]!.headers[name]).toBe(value);
    expect(JSON.stringify(log)).not.toContain(subscription.secret.slice("whsec_".length));
    const patched = await call("PATCH", `/v1/subscriptions/${subscription.id}`, {
      status: "paused",
      description: "paused",
    });
    expect(await patched.json()).toMatchObject({ status: "paused", description: "paused" });
    const limited = await call("PATCH", `/v1/subscriptions/${subscription.id}`, { rateLimit: 5 });
    expect(await limited.json()).toMatchObject({ rateLimit: 5, status: "paused", description: "paused" });
    expect(
      await errorCode(await call("PATCH", `/v1/subscriptions/${subscription.id}`, { rateLimit: 0.5 })),
    ).toEqual([400, "VALIDATION_FAILED"]);
    const rotated = await (await call("POST", `/v1/subscriptions/${subscription.id}/rotate-secret`)).json();
    expect(rotated.secret).not.toBe(subscription.secret);
    const delivered = await (await call("GET", "/v1/deliveries?status=delivered")).json();
    expect(delivered.items.map((d: { eventId: string }) => d.eventId)).toContain("evt-api-1");
    expect((await call("DELETE", `/v1/subscriptions/${subscription.id}`)).status).toBe(204);
    expect(await errorCode(await call("GET", `/v1/subscriptions/${subscription.id}`))).toEqual([
      404,
      "NOT_FOUND",
    ]);
  });

  it("refuses missing and wrong keys with 401", async () => {
    expect(await errorCode(await call("GET", "/v1/subscriptions", undefined, null))).toEqual([
      401,
      "UNAUTHORIZED",
    ]);
    expect(
      await errorCode(await call("GET", "/v1/subscriptions", undefined, "wrong-key-0123456789")),
    ).toEqual([401, "UNAUTHORIZED"]);
    expect(
      await errorCode(
        await call("GET", "/v1/subscriptions", undefined, null, { authorization: `Basic ${KEY_A}` }),
      ),
    ).toEqual([401, "UNAUTHORIZED"]);
  });

  it("isolates owners: another owner's subscription is 404 and never listed", async () => {
    const mine = await (
      await call("POST", "/v1/subscriptions", { url: receiverUrl, eventTypes: ["*"] }, KEY_B)
    ).json();
    expect(await errorCode(await call("GET", `/v1/subscriptions/${mine.id}`, undefined, KEY_A))).toEqual([
      404,
      "NOT_FOUND",
    ]);
    expect(
      await errorCode(await call("PATCH", `/v1/subscriptions/${mine.id}`, { description: "x" }, KEY_A)),
    ).toEqual([404, "NOT_FOUND"]);
    expect(await errorCode(await call("DELETE", `/v1/subscriptions/${mine.id}`, undefined, KEY_A))).toEqual([
      404,
      "NOT_FOUND",
    ]);
    const listA = await (await call("GET", "/v1/subscriptions", undefined, KEY_A)).json();
    expect(listA.items.map((s: { id: string }) => s.id)).not.toContain(mine.id);
    const listB = await (await call("GET", "/v1/subscriptions", undefined, KEY_B)).json();
    expect(listB.items.map((s: { id: string }) => s.id)).toEqual([mine.id]);
  });

  it("answers malformed JSON, unknown fields, wrong types, oversize bodies and wrong content types with coded errors", async () => {
    expect(await errorCode(await call("POST", "/v1/subscriptions", "{nope"))).toEqual([
      400,
      "PAYLOAD_INVALID",
    ]);
    expect(
      await errorCode(
        await call("POST", "/v1/subscriptions", { url: receiverUrl, eventTypes: ["*"], colour: "red" }),
      ),
    ).toEqual([400, "VALIDATION_FAILED"]);
    expect(await errorCode(await call("POST", "/v1/subscriptions", { url: 42, eventTypes: ["*"] }))).toEqual([
      400,
      "VALIDATION_FAILED",
    ]);
    expect(await errorCode(await call("POST", "/v1/subscriptions", { eventTypes: ["*"] }))).toEqual([
      400,
      "VALIDATION_FAILED",
    ]);
    expect(await errorCode(await call("POST", "/v1/subscriptions", [1, 2]))).toEqual([
      400,
      "VALIDATION_FAILED",
    ]);
    expect(
      await errorCode(await call("POST", "/v1/subscriptions", { url: "ftp://x", eventTypes: ["*"] })),
    ).toEqual([400, "URL_INVALID"]);
    expect(
      await errorCode(await call("POST", "/v1/events", { type: "a.b", data: "x".repeat(2 * 1024 * 1024) })),
    ).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(
      await errorCode(
        await call("POST", "/v1/events", "type=a", KEY_A, {
          "content-type": "application/x-www-form-urlencoded",
        }),
      ),
    ).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect(await errorCode(await call("GET", "/v1/deliveries?status=lost"))).toEqual([
      400,
      "VALIDATION_FAILED",
    ]);
    expect(await errorCode(await call("PUT", "/v1/subscriptions"))).toEqual([405, "METHOD_NOT_ALLOWED"]);
    expect(await errorCode(await call("GET", "/v1/nothing"))).toEqual([404, "NOT_FOUND"]);
    expect(await errorCode(await call("POST", "/v1/deliveries/dlv_missing/retry"))).toEqual([
      404,
      "NOT_FOUND",
    ]);
  });

  it("applies a configured body limit on the standalone server", async () => {
    const small = createDispatcher({
      store: memoryStore(),
      apiKeys: [{ key: KEY_A, owner: "a" }],
      worker: false,
      maxBodyBytes: 1000,
    });
    const { url } = await small.listen(0);
    try {
      const post = (size: number) =>
        fetch(`${url}/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEY_A}`, "content-type": "application/json" },
          body: JSON.stringify({ type: "a.b", data: "x".repeat(size) }),
        });
      expect((await post(500)).status).toBe(202);
      expect(await errorCode(await post(1500))).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    } finally {
      await small.close();
    }
  });

  it("paginates lists with a cursor", async () => {
    for (let i = 0; i < 3; i++)
      await call(
        "POST",
        "/v1/subscriptions",
        { url: `${receiverUrl}?n=${i}`, eventTypes: ["none.*"] },
        KEY_B,
      );
    const first = await (await call("GET", "/v1/subscriptions?limit=2", undefined, KEY_B)).json();
    const second = await (
      await call("GET", `/v1/subscriptions?limit=2&cursor=${first.nextCursor}`, undefined, KEY_B)
    ).json();
    expect(first.items).toHaveLength(2);
    expect(second.items.length).toBeGreaterThan(0);
    expect(new Set([...first.items, ...second.items].map((s: { id: string }) => s.id)).size).toBe(
      first.items.length + second.items.length,
    );
  });

  it("serves /health and an OpenAPI 3.1 document that describes every route the server answers", async () => {
    const health = await (await fetch(`${base}/health`)).json();
    expect(health.status).toBe("ok");
    const doc = await (await fetch(`${base}/v1/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    const key = (method: string, path: string) => `${method} ${path}`;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => key(m, path)),
    );
    // the document is the routers' own table: the console's routes, the pages' and the API's
    const routes = dispatcher.console.routes;
    expect(documented.sort()).toEqual(routes.map((r) => key(r.method, r.path)).sort());
    for (const r of ROUTES) expect(documented).toContain(key(r.method, r.path));
    for (const path of ["/ui", "/ui/api/login", "/ui/api/logout", "/ui/api/v1/subscriptions", "/portal"])
      expect(doc.paths).toHaveProperty([path]);
    for (const path of [
      "/portal/api/deliveries",
      "/v1/portal-links",
      "/metrics",
      "/v1/subscriptions/{id}/recover",
    ])
      expect(doc.paths).toHaveProperty([path]);

    // each route called as its authentication says
    const login = await call("POST", "/ui/api/login", { key: KEY_A }, null, { origin: base });
    const session = {
      cookie: login.headers.get("set-cookie")!.split(";")[0]!,
      "x-csrf-token": ((await login.json()) as { csrf: string }).csrf,
      origin: base,
    };
    const link = (await (await call("POST", "/v1/portal-links", { owner: "a" })).json()) as { url: string };
    const token = link.url.split("#")[1]!;
    const portalSession = (await (
      await call("GET", "/portal/api/session", undefined, null, { authorization: `Portal ${token}` })
    ).json()) as { csrf: string };
    const portal = { authorization: `Portal ${token}`, "x-csrf-token": portalSession.csrf, origin: base };
    const as = (auth: string, method: string, path: string, body?: unknown) =>
      auth === "session"
        ? call(method, path, body, null, session)
        : auth === "portal"
          ? call(method, path, body, null, portal)
          : call(method, path, body, auth === "none" ? null : KEY_A, auth === "none" ? { origin: base } : {});
    const concrete = (path: string) => path.replace("{id}", "zzz_missing").replace("{asset}", "app.js");
    const hasBody = (method: string) => method === "post" || method === "patch";

    for (const route of routes) {
      const response = await as(
        route.auth,
        route.method.toUpperCase(),
        concrete(route.path),
        hasBody(route.method) ? {} : undefined,
      );
      const text = response.status === 204 || route.method === "head" ? "" : await readSome(response);
      const routeMissing = response.status === 404 && /No route/.test(text);
      expect(routeMissing, `${route.method} ${route.path}: ${text}`).toBe(false);
      expect(response.status, `${route.method} ${route.path}`).not.toBe(405);
      if (route.auth !== "none" && route.auth !== "optional-key") expect(response.status).not.toBe(401);
    }

    // and nothing else: another method on a documented path is 405 (never served), one more segment 404
    const methods = ["get", "post", "patch", "delete", "put"];
    for (const path of Object.keys(doc.paths)) {
      // with credentials, so that a refusal is about the route, not the caller
      const auth = path.startsWith("/ui/api/")
        ? "session"
        : path.startsWith("/portal/api/")
          ? "portal"
          : "key";
      for (const method of methods.filter((m) => !documented.includes(key(m, path)))) {
        if (method === "get" && path === "/health") continue;
        const response = await as(
          auth,
          method.toUpperCase(),
          concrete(path),
          hasBody(method) ? {} : undefined,
        );
        // the portal may read event types but is refused declaring them (401, as a scoped change)
        const refused = method === "post" && path === "/portal/api/v1/event-types" ? [401] : [404, 405];
        expect(refused, `${method} ${path}`).toContain(response.status);
        await response.body?.cancel();
      }
      const deeper = await as(auth, "GET", `${concrete(path)}/extra`);
      expect([404, 405], `GET ${path}/extra`).toContain(deeper.status);
      await deeper.body?.cancel();
    }

    // every documented request body lists exactly the fields the router accepts
    const schemas = doc.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    for (const route of routes) {
      const op = doc.paths[route.path][route.method];
      const ref: string | undefined = op.requestBody?.content["application/json"].schema.$ref;
      if (!ref) continue;
      const fields = Object.keys(schemas[ref.split("/").at(-1)!]!.properties).sort();
      const response = await as(route.auth, route.method.toUpperCase(), concrete(route.path), {
        zz_unknown: 1,
      });
      const { error } = await response.json();
      expect(error.code, `${route.method} ${route.path}: ${error.message}`).toBe("VALIDATION_FAILED");
      const allowed = /Allowed: (.+)\.$/.exec(error.message)![1]!.split(", ").sort();
      expect(allowed, `${route.method} ${route.path}`).toEqual(fields);
    }
  }, 120_000);
});
