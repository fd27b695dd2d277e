import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookError } from "@hookwire/core";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "./memory-store.js";
import { createSender, type SenderOptions } from "./sender.js";
import type { LookupFunction } from "./ssrf.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  url: string;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
  servers = [];
});

/** A local receiver whose answers are scripted: statuses in order, then 200. */
async function receiver(script: Array<number | ((res: import("node:http").ServerResponse) => void)> = []) {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), url: req.url ?? "" });
      const step = script[calls++];
      if (typeof step === "function") return step(res);
      res.statusCode = step ?? 200;
      res.end(step === undefined || step < 300 ? "thanks" : "x".repeat(10_000));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

function sender(extra: Partial<SenderOptions> = {}) {
  return createSender({
    store: memoryStore(),
    allowPrivateNetwork: true,
    allowHttp: true,
    retrySchedule: [0, 10, 10],
    retryJitter: 0,
    timeoutMs: 2_000,
    ...extra,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

async function drainUntilQuiet(s: ReturnType<typeof sender>, rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    await s.drain();
    const counts = await s.deliveries.counts();
    if (counts.pending === 0) return;
    await settle(15);
  }
}

describe("createSender", () => {
  it("delivers a signed Standard Webhooks request that the standardwebhooks package verifies", async () => {
    const { url, received } = await receiver();
    const s = sender();
    const sub = await s.subscriptions.create({
      url,
      eventTypes: ["invoice.*"],
      headers: { "x-tenant": "acme" },
    });
    expect(sub.secret).toMatch(/^whsec_/);
    const result = await s.publish({ type: "invoice.paid", data: { id: "in_1", amount: 4200 } });
    expect(result).toMatchObject({ deliveries: 1, created: true });
    expect(await s.drain()).toBe(1);
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req!.headers["x-tenant"]).toBe("acme");
    expect(req!.headers["webhook-id"]).toBe(result.id);
    const verified = new Webhook(sub.secret).verify(
      req!.body,
      req!.headers as Record<string, string>,
    ) as Record<string, unknown>;
    expect(verified).toMatchObject({ type: "invoice.paid", data: { id: "in_1", amount: 4200 } });
    expect(typeof verified.timestamp).toBe("string");
    const [delivery] = (await s.deliveries.list()).items;
    expect(delivery!.status).toBe("delivered");
    const [log] = await s.deliveries.attempts(delivery!.id);
    expect(log).toMatchObject({ attempt: 1, status: 200, responseBody: "thanks", error: null });
    // the attempt log keeps the headers that were sent (they verify the body), never the secret
    const logged = log!.requestHeaders!;
    expect(Object.keys(logged).sort()).toEqual(
      [
        "content-type",
        "user-agent",
        "webhook-id",
        "webhook-signature",
        "webhook-timestamp",
        "x-tenant",
      ].sort(),
    );
    for (const [name, value] of Object.entries(logged)) expect(req!.headers[name]).toBe(value);
    expect(new Webhook(sub.secret).verify(req!.body, logged)).toMatchObject({ type: "invoice.paid" });
    const secretBytes = sub.secret.slice("whsec_".length);
    expect(JSON.stringify(logged)).not.toContain(secretBytes);
  });

  it("retries: fails twice then succeeds on the third attempt, with the same webhook-id", async () => {
    const { url, received } = await receiver([500, 503]);
    const s = sender();
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    const failures: number[] = [];
    s.on("delivery.attempt_failed", ({ attempt }) => failures.push(attempt.attempt));
    await s.publish({ type: "order.created", data: {} });
    await drainUntilQuiet(s);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(failures).toEqual([1, 2]);
    const [delivery] = (await s.deliveries.list()).items;
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
    const attempts = await s.deliveries.attempts(delivery!.id);
    expect(attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(attempts[0]!.responseBody).toHaveLength(4096);
  });

  it("an exhausted schedule leaves a failed delivery (dead letter) that a manual retry delivers", async () => {
    const { url, received } = await receiver([500, 500, 500]);
    const s = sender();
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    const dead: string[] = [];
    s.on("delivery.failed", ({ delivery }) => dead.push(delivery.id));
    await s.publish({ type: "order.created", data: {} });
    await drainUntilQuiet(s);
    const failed = (await s.deliveries.list({ status: "failed" })).items;
    expect(failed).toHaveLength(1);
    expect(dead).toEqual([failed[0]!.id]);
    expect(received).toHaveLength(3);
    expect(await codeOf(s.deliveries.retry("dlv_nope"))).toBe("NOT_FOUND");
    await s.deliveries.retry(failed[0]!.id);
    await s.drain();
    expect((await s.deliveries.get(failed[0]!.id)).status).toBe("delivered");
    expect(received).toHaveLength(4);
  });

  it("keeps a binary answer storable in the attempt log (no NUL characters)", async () => {
    const { url } = await receiver([(res) => res.end(Buffer.from([0x6f, 0x00, 0x6b]))]);
    const s = sender();
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const [delivery] = (await s.deliveries.list()).items;
    expect((await s.deliveries.attempts(delivery!.id))[0]!.responseBody).toBe("o\uFFFDk");
  });

  it("410 Gone disables the subscription", async () => {
    const { url } = await receiver([410]);
    const s = sender();
    const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
    const disabled: string[] = [];
    s.on("subscription.disabled", ({ subscription, reason }) =>
      disabled.push(`${subscription.id}:${reason}`),
    );
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    expect((await s.subscriptions.get(sub.id)).status).toBe("disabled");
    expect(disabled).toEqual([`${sub.id}:gone`]);
    expect((await s.publish({ type: "a.b", data: {} })).deliveries).toBe(0);
  });

  for (const answer of [500, 410]) {
    it(`a secret rotated while a delivery is in flight survives the worker's health write (HTTP ${answer})`, async () => {
      const { url, received } = await receiver([answer]);
      const inner = memoryStore();
      const fresh = "whsec_ZnJlc2hmcmVzaGZyZXNoZnJlc2hmcmVzaGZy";
      let armed = false;
      let s: ReturnType<typeof sender> | undefined;
      let id = "";
      // The race, made deterministic: the API's rotation lands after the worker leased the delivery (and
      // read the subscription), just before the worker's health step writes the subscription.
      const writes = new Set(["updateSubscription", "markFailing", "clearFailing", "disableSubscription"]);
      const store = new Proxy(inner, {
        get(target, prop, receiverObject) {
          const value = Reflect.get(target, prop, receiverObject);
          if (typeof value !== "function" || !writes.has(String(prop))) return value;
          return async (...args: unknown[]) => {
            if (armed) {
              armed = false;
              await s!.subscriptions.rotateSecret(id, { secret: fresh });
            }
            return value.apply(target, args);
          };
        },
      });
      s = sender({ store });
      const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
      id = sub.id;
      await s.publish({ type: "a.b", data: {} });
      armed = true;
      await s.drain();
      expect(armed).toBe(false); // the rotation ran inside the race window
      // the API answered the rotation with the new secret; the store must have kept it
      expect((await s.subscriptions.get(sub.id)).secret).toBe(fresh);
      if (answer === 500) {
        await s.deliveries.retry((await s.deliveries.list()).items[0]!.id).catch(() => {});
        await drainUntilQuiet(s);
        const last = received.at(-1)!;
        expect(() =>
          new Webhook(fresh).verify(last.body, last.headers as Record<string, string>),
        ).not.toThrow();
      }
    });
  }

  it("disables a subscription that keeps failing for longer than disableAfterMs", async () => {
    const { url } = await receiver([500, 500, 500, 500, 500, 500]);
    let clock = 1_000_000;
    const s = sender({ now: () => clock, disableAfterMs: 60_000, retrySchedule: [0, 0, 0, 0, 0, 0] });
    const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.drain({ limit: 1 });
    expect((await s.subscriptions.get(sub.id)).status).toBe("active");
    clock += 61_000;
    await s.drain({ limit: 1 });
    expect(await s.subscriptions.get(sub.id)).toMatchObject({
      status: "disabled",
      disabledReason: "failing",
    });
  });

  it("honours Retry-After within bounds", async () => {
    const { url } = await receiver([
      (res) => {
        res.statusCode = 429;
        res.setHeader("retry-after", "120");
        res.end();
      },
    ]);
    let clock = 5_000_000;
    const s = sender({ now: () => clock, retrySchedule: [0, 1_000, 1_000] });
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const [delivery] = (await s.deliveries.list()).items;
    expect(delivery!.nextAttemptAt).toBe(clock + 120_000);
    clock += 60_000;
    expect(await s.drain()).toBe(0);
  });

  it("does not follow redirects and times out slow receivers", async () => {
    const { url: redirecting } = await receiver([
      (res) => {
        res.statusCode = 302;
        res.setHeader("location", "http://127.0.0.1:1/");
        res.end();
      },
    ]);
    const { url: slow } = await receiver([(res) => setTimeout(() => res.end("late"), 1_500)]);
    const s = sender({ timeoutMs: 300, retrySchedule: [0] });
    await s.subscriptions.create({ url: redirecting, eventTypes: ["*"] });
    await s.subscriptions.create({ url: slow, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const failed = (await s.deliveries.list({ status: "failed" })).items;
    expect(failed).toHaveLength(2);
    const logs = await Promise.all(failed.map((d) => s.deliveries.attempts(d.id)));
    const statuses = logs.map((l) => l[0]!.status).sort();
    expect(statuses).toEqual([302, null].sort());
    expect(logs.flat().find((a) => a.status === null)!.error).toMatch(/timeout|abort/i);
  });

  it("signs with every valid secret during a rotation, and only the new one after the grace period", async () => {
    const { url, received } = await receiver();
    let clock = Date.now();
    const s = sender({ now: () => clock });
    const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
    const rotated = await s.subscriptions.rotateSecret(sub.id, { graceMs: 60_000 });
    expect(rotated.secret).not.toBe(sub.secret);
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const headers = received[0]!.headers as Record<string, string>;
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(sub.secret).verify(received[0]!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(received[0]!.body, headers)).not.toThrow();
    clock += 61_000;
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const later = received[1]!.headers as Record<string, string>;
    expect(later["webhook-signature"]!.split(" ")).toHaveLength(1);
  });

  it("signs ms-signature (ASP.NET WebHooks) when asked", async () => {
    const { url, received } = await receiver();
    const s = sender({ signatureFormat: "ms-signature" });
    const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: { x: 1 } });
    await s.drain();
    const { createHmac } = await import("node:crypto");
    // upper-case hex, as ASP.NET WebHooks' own sender writes it (EncodingUtilities.ToHex)
    expect(received[0]!.headers["ms-signature"]).toBe(
      `sha256=${createHmac("sha256", sub.secret).update(received[0]!.body).digest("hex").toUpperCase()}`,
    );
  });

  it("publishes idempotently by id and only to matching, active subscriptions of the owner", async () => {
    const { url } = await receiver();
    const s = sender();
    await s.subscriptions.create({ url, eventTypes: ["order.*"], owner: "acme" });
    await s.subscriptions.create({ url, eventTypes: ["invoice.paid"], owner: "acme" });
    const paused = await s.subscriptions.create({ url, eventTypes: ["*"], owner: "acme" });
    await s.subscriptions.pause(paused.id, { owner: "acme" });
    await s.subscriptions.create({ url, eventTypes: ["*"], owner: "globex" });
    expect(await s.publish({ type: "order.created", data: {}, id: "evt-1", owner: "acme" })).toEqual({
      id: "evt-1",
      deliveries: 1,
      created: true,
    });
    expect(await s.publish({ type: "order.created", data: {}, id: "evt-1", owner: "acme" })).toEqual({
      id: "evt-1",
      deliveries: 0,
      created: false,
    });
  });

  it("keeps tenants apart: another owner's subscription is not found", async () => {
    const s = sender();
    const sub = await s.subscriptions.create({
      url: "https://a.example/hooks",
      eventTypes: ["*"],
      owner: "acme",
    });
    expect(await codeOf(s.subscriptions.get(sub.id, { owner: "globex" }))).toBe("NOT_FOUND");
    expect(await codeOf(s.subscriptions.delete(sub.id, { owner: "globex" }))).toBe("NOT_FOUND");
    expect((await s.subscriptions.list({ owner: "globex" })).items).toEqual([]);
    expect((await s.subscriptions.list({ owner: "acme" })).items.map((x) => x.id)).toEqual([sub.id]);
  });

  it("paginates subscriptions with a cursor", async () => {
    const s = sender();
    for (let i = 0; i < 5; i++)
      await s.subscriptions.create({ url: `https://a.example/${i}`, eventTypes: ["*"] });
    const first = await s.subscriptions.list({ limit: 2 });
    const second = await s.subscriptions.list({ limit: 2, cursor: first.nextCursor! });
    const third = await s.subscriptions.list({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((x) => x.url)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `https://a.example/${i}`),
    );
    expect(third.nextCursor).toBeNull();
    // a limit that is not a number falls back to the default instead of reaching the store
    expect((await s.subscriptions.list({ limit: Number.NaN })).items).toHaveLength(5);
    expect((await s.deliveries.list({ limit: "x" as never })).items).toHaveLength(0);
  });

  it("validates input with coded errors", async () => {
    const s = createSender({ store: memoryStore() });
    expect(await codeOf(s.subscriptions.create({ url: "ftp://x.example", eventTypes: ["*"] }))).toBe(
      "URL_INVALID",
    );
    expect(await codeOf(s.subscriptions.create({ url: "http://x.example", eventTypes: ["*"] }))).toBe(
      "URL_INVALID",
    );
    expect(await codeOf(s.subscriptions.create({ url: "not a url", eventTypes: ["*"] }))).toBe("URL_INVALID");
    expect(await codeOf(s.subscriptions.create({ url: "https://x.example", eventTypes: [] }))).toBe(
      "VALIDATION_FAILED",
    );
    expect(await codeOf(s.subscriptions.create({ url: "https://x.example", eventTypes: ["bad name"] }))).toBe(
      "VALIDATION_FAILED",
    );
    expect(
      await codeOf(s.subscriptions.create({ url: "https://x.example", eventTypes: ["*"], secret: "short" })),
    ).toBe("VALIDATION_FAILED");
    expect(
      await codeOf(
        s.subscriptions.create({
          url: "https://x.example",
          eventTypes: ["*"],
          headers: { "webhook-id": "x" },
        }),
      ),
    ).toBe("VALIDATION_FAILED");
    for (const header of ["connection", "Transfer-Encoding", "upgrade", "host", "ms-signature"]) {
      expect(
        await codeOf(
          s.subscriptions.create({ url: "https://x.example", eventTypes: ["*"], headers: { [header]: "x" } }),
        ),
      ).toBe("VALIDATION_FAILED");
    }
    expect(
      await codeOf(
        s.subscriptions.create({
          url: "https://x.example",
          eventTypes: ["*"],
          headers: { "x-api-key": "k" },
        }),
      ),
    ).toBe("OK");
    expect(
      await codeOf(
        s.subscriptions.create({ url: "https://x.example", eventTypes: ["*"], metadata: { a: "x\u0000" } }),
      ),
    ).toBe("VALIDATION_FAILED");
    expect(
      await codeOf(
        s.subscriptions.create({ url: "https://x.example", eventTypes: ["*"], metadata: [] as never }),
      ),
    ).toBe("VALIDATION_FAILED");
    expect(
      await codeOf(
        s.subscriptions.create({
          url: "https://x.example",
          eventTypes: ["*"],
          headers: { "x-a": "b\u0000" },
        }),
      ),
    ).toBe("VALIDATION_FAILED");
    expect(await codeOf(s.eventTypes.define({ name: "a.b", schema: { title: "\u0000" } }))).toBe(
      "VALIDATION_FAILED",
    );
    await s.eventTypes.define({ name: "invoice.paid", description: "Paid" });
    expect(
      await codeOf(s.subscriptions.create({ url: "https://x.example", eventTypes: ["invoice.voided"] })),
    ).toBe("VALIDATION_FAILED");
    expect(
      await codeOf(
        s.subscriptions.create({ url: "https://x.example", eventTypes: ["invoice.*", "invoice.paid"] }),
      ),
    ).toBe("OK");
    expect(await codeOf(s.publish({ type: "invoice.voided", data: {} }))).toBe("VALIDATION_FAILED");
    expect(await codeOf(s.publish({ type: "", data: {} }))).toBe("VALIDATION_FAILED");
  });

  it("accepts http URLs with requireHttps: false (as with allowHttp), and refuses them by default", async () => {
    const strict = createSender({ store: memoryStore() });
    expect(await codeOf(strict.subscriptions.create({ url: "http://x.example", eventTypes: ["*"] }))).toBe(
      "URL_INVALID",
    );
    const lax = createSender({ store: memoryStore(), requireHttps: false });
    expect(await codeOf(lax.subscriptions.create({ url: "http://x.example", eventTypes: ["*"] }))).toBe("OK");
    const explicit = createSender({ store: memoryStore(), requireHttps: true });
    expect(await codeOf(explicit.subscriptions.create({ url: "http://x.example", eventTypes: ["*"] }))).toBe(
      "URL_INVALID",
    );
  });

  it("holds deliveries while a subscription is paused, and reports every state change to observers", async () => {
    const { url, received } = await receiver([500]);
    const s = sender();
    const seen: string[] = [];
    s.on("subscription.created", ({ subscription }) => seen.push(`created:${subscription.status}`));
    s.on("subscription.updated", ({ subscription }) => {
      expect(subscription).not.toHaveProperty("secret");
      seen.push(`updated:${subscription.status}`);
    });
    s.on("subscription.disabled", ({ reason }) => seen.push(`disabled:${reason}`));
    s.on("subscription.deleted", () => seen.push("deleted"));
    s.on("delivery.attempt_failed", () => seen.push("attempt_failed"));
    s.on("delivery.succeeded", () => seen.push("succeeded"));
    s.on("delivery.requeued", () => seen.push("requeued"));
    const sub = await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.subscriptions.pause(sub.id);
    expect(await s.drain()).toBe(0);
    expect(received).toHaveLength(0);
    expect((await s.deliveries.counts()).pending).toBe(1);
    await s.subscriptions.resume(sub.id);
    await drainUntilQuiet(s);
    expect(received).toHaveLength(2);
    const [delivery] = (await s.deliveries.list()).items;
    expect(delivery!.status).toBe("delivered");
    await s.deliveries.retry(delivery!.id);
    await s.subscriptions.update(sub.id, { status: "disabled" });
    expect(await s.drain()).toBe(0);
    expect(received).toHaveLength(2);
    expect((await s.deliveries.get(delivery!.id)).status).toBe("failed");
    await s.subscriptions.delete(sub.id);
    expect(seen).toEqual([
      "created:active",
      "updated:paused",
      "updated:active",
      "attempt_failed",
      "succeeded",
      "requeued",
      "updated:disabled",
      "disabled:manual",
      "deleted",
    ]);
  });

  it("tries the store's migration again after a failure (database down at start)", async () => {
    const { url, received } = await receiver();
    const store = memoryStore();
    const migrate = store.migrate.bind(store);
    let failures = 3;
    store.migrate = async () => {
      if (failures-- > 0) throw new Error("connection refused");
      return migrate();
    };
    const s = sender({ store });
    await expect(s.subscriptions.list()).rejects.toThrow("connection refused");
    const worker = s.worker({ pollIntervalMs: 10 });
    worker.start();
    await settle(60);
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    while (received.length === 0) await settle(10); // bounded by the test timeout
    await worker.stop();
    expect(received).toHaveLength(1);
  });

  it("verifies a new endpoint by echo when asked (ASP.NET style)", async () => {
    const { url } = await receiver([(res) => res.end("not it")]);
    const s = sender();
    expect(await codeOf(s.subscriptions.create({ url, eventTypes: ["*"], verify: true }))).toBe(
      "VALIDATION_FAILED",
    );
    const echo = await receiver([
      (res) => {
        res.end("");
      },
    ]);
    const echoing = createServer((req, res) =>
      res.end(new URL(req.url!, "http://x").searchParams.get("echo") ?? ""),
    );
    servers.push(echoing);
    await new Promise<void>((r) => echoing.listen(0, "127.0.0.1", r));
    const good = `http://127.0.0.1:${(echoing.address() as AddressInfo).port}/hooks`;
    expect(await codeOf(s.subscriptions.create({ url: good, eventTypes: ["*"], verify: true }))).toBe("OK");
    void echo;
  });

  it("encrypts secrets at rest with AES-256-GCM and rotates the key", async () => {
    const store = memoryStore();
    const s = createSender({ store, secretEncryptionKey: "first-key-passphrase" });
    const sub = await s.subscriptions.create({ url: "https://a.example/hooks", eventTypes: ["*"] });
    const raw = await store.getSubscription(sub.id);
    expect(raw!.secrets[0]!.secret).toMatch(/^enc:v1:/);
    expect(raw!.secrets[0]!.secret).not.toContain(sub.secret.slice(6));
    expect((await s.subscriptions.get(sub.id)).secret).toBe(sub.secret);
    const rotatedKey = createSender({ store, secretEncryptionKey: ["second-key", "first-key-passphrase"] });
    expect((await rotatedKey.subscriptions.get(sub.id)).secret).toBe(sub.secret);
    expect(await rotatedKey.reencryptSecrets()).toBe(1);
    const onlyNew = createSender({ store, secretEncryptionKey: "second-key" });
    expect((await onlyNew.subscriptions.get(sub.id)).secret).toBe(sub.secret);
    expect(
      await codeOf(
        createSender({ store, secretEncryptionKey: "first-key-passphrase" }).subscriptions.get(sub.id),
      ),
    ).toBe("CONFIGURATION_INVALID");
  });

  it("a worker delivers in the background, caps attempts per subscription, and stops gracefully", async () => {
    let concurrent = 0;
    let peak = 0;
    const { url, received } = await receiver(
      Array.from({ length: 20 }, () => (res: import("node:http").ServerResponse) => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        setTimeout(() => {
          concurrent--;
          res.end("ok");
        }, 40);
      }),
    );
    const s = sender();
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    for (let i = 0; i < 20; i++) await s.publish({ type: "a.b", data: { i } });
    const worker = s.worker({ concurrency: 8, perSubscriptionConcurrency: 2, pollIntervalMs: 20 });
    worker.start();
    while (received.length < 20) await settle(20); // bounded by the test timeout, not a count of sleeps
    await worker.stop();
    expect(received).toHaveLength(20);
    expect(peak).toBeLessThanOrEqual(2);
    expect((await s.deliveries.counts()).delivered).toBe(20);
  });
  it("hands back what it leased ahead once the store runs dry, so that another worker's free slots send it", async () => {
    // nothing is answered until every request has arrived: each worker has 2 slots, so only two workers
    // sending at once get all four requests under way
    const held: Array<import("node:http").ServerResponse> = [];
    const { url, received } = await receiver(
      Array.from({ length: 5 }, () => (res: import("node:http").ServerResponse) => {
        held.push(res);
      }),
    );
    const store = memoryStore();
    const s = sender({ store, timeoutMs: 60_000 }); // held requests must not time out on a loaded machine
    await s.subscriptions.create({ url, eventTypes: ["*"] });
    for (let i = 0; i < 5; i++) await s.publish({ type: "a.b", data: { i } });
    const first = s.worker({ concurrency: 2, perSubscriptionConcurrency: 100, pollIntervalMs: 10 });
    first.start();
    // the first worker asks for its 2 slots and a batch ahead (6), gets all 5: short, it sends 2 and hands 3 back
    while (received.length < 2) await settle(10); // bounded by the test timeout
    const second = s.worker({ concurrency: 2, perSubscriptionConcurrency: 100, pollIntervalMs: 10 });
    second.start();
    while (received.length < 4) await settle(10); // before the hand-back, this waited for a first answer
    expect(first.inFlight + second.inFlight).toBe(4);
    for (const res of held.splice(0)) res.end("ok");
    while (received.length < 5) await settle(10);
    while (held.length < 1) await settle(10);
    held[0]!.end("ok");
    while ((await s.deliveries.counts()).delivered < 5) await settle(10);
    await Promise.all([first.stop(), second.stop()]);
    const seen = received.map((r) => (JSON.parse(r.body) as { data: { i: number } }).data.i).sort();
    expect(seen).toEqual([0, 1, 2, 3, 4]); // each sent once
  });
});

describe("SSRF guard", () => {
  const cases = [
    "127.0.0.1",
    "[::1]",
    "10.1.2.3",
    "169.254.169.254",
    "[::ffff:127.0.0.1]",
    "192.168.1.1",
    "100.64.0.1",
    "[fd00:ec2::254]",
    "0.0.0.0",
  ];

  it.each(cases)("refuses %s unless private networks are allowed", async (host) => {
    const s = createSender({ store: memoryStore(), allowHttp: true });
    expect(await codeOf(s.subscriptions.create({ url: `http://${host}/hooks`, eventTypes: ["*"] }))).toBe(
      "ADDRESS_BLOCKED",
    );
    const allowed = createSender({ store: memoryStore(), allowHttp: true, allowPrivateNetwork: true });
    expect(
      await codeOf(allowed.subscriptions.create({ url: `http://${host}/hooks`, eventTypes: ["*"] })),
    ).toBe("OK");
  });

  it("refuses a hostname that resolves to a private address, after DNS, at delivery time", async () => {
    const { url, received } = await receiver();
    const port = new URL(url).port;
    const lookup: LookupFunction = (_host, _opts, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]);
    const s = createSender({ store: memoryStore(), allowHttp: true, lookup, retrySchedule: [0] });
    await s.subscriptions.create({ url: `http://internal.example:${port}/hooks`, eventTypes: ["*"] });
    await s.publish({ type: "a.b", data: {} });
    await s.drain();
    const [delivery] = (await s.deliveries.list()).items;
    expect(delivery!.status).toBe("failed");
    expect((await s.deliveries.attempts(delivery!.id))[0]!.error).toMatch(/private, loopback/);
    expect(received).toHaveLength(0);
    const open = createSender({
      store: memoryStore(),
      allowHttp: true,
      allowPrivateNetwork: true,
      lookup,
      retrySchedule: [0],
    });
    await open.subscriptions.create({ url: `http://internal.example:${port}/hooks`, eventTypes: ["*"] });
    await open.publish({ type: "a.b", data: {} });
    await open.drain();
    expect(received).toHaveLength(1);
  });
});
