import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookError } from "@hookwire/core";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "./memory-store.js";
import { createSender } from "./sender.js";
import type { SenderEvents } from "./types.js";

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: "OK", message: "" };
};

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

describe("delivering to localhost: one development switch", () => {
  it("refuses loopback and plain-http URLs at subscribe time, naming the library option", async () => {
    const sender = createSender({ store: memoryStore() });
    const create = (url: string) => refusal(sender.subscriptions.create({ url, eventTypes: ["*"] }));
    const http = await create("http://localhost:3000/hooks");
    expect(http.code).toBe("URL_INVALID");
    expect(http.message).toContain("turn on allowPrivateNetwork: true");
    for (const url of [
      "https://localhost/hooks",
      "https://LOCALHOST./hooks",
      "https://app.localhost:8443/hooks",
      "https://127.0.0.1/hooks",
      "https://[::1]/hooks",
      "https://10.1.2.3/hooks",
    ]) {
      const refused = await create(url);
      expect(refused, url).toMatchObject({ code: "ADDRESS_BLOCKED" });
      expect(refused.message, url).toContain("turn on allowPrivateNetwork: true");
    }
    expect((await create("https://hooks.example.com/x")).code).toBe("OK");
    expect((await create("https://localhost.example.com/x")).code).toBe("OK");
  });

  it("names the caller's flag when a surface renames the switch", async () => {
    const sender = createSender({ store: memoryStore(), developmentSwitchName: "--allow-private-network" });
    const create = (url: string) => refusal(sender.subscriptions.create({ url, eventTypes: ["*"] }));
    for (const url of ["http://localhost:3000/hooks", "https://localhost/hooks"]) {
      const refused = await create(url);
      expect(refused.message).toContain("turn on --allow-private-network");
      expect(refused.message).not.toContain("allowPrivateNetwork");
      expect(refused.message).not.toContain("allowHttp");
    }
  });

  it("allowPrivateNetwork alone accepts http://localhost and delivers to a local server", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received.push(req.url!);
        res.end("ok");
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const sender = createSender({
      store: memoryStore(),
      allowPrivateNetwork: true,
      // localhost as this machine's loopback, whatever order the system resolver answers in
      lookup: (_host, _options, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]),
    });
    await sender.subscriptions.create({ url: `http://localhost:${port}/dev`, eventTypes: ["*"] });
    const delivered = new Promise<SenderEvents["delivery.succeeded"]>((resolve) =>
      sender.on("delivery.succeeded", resolve),
    );
    await sender.publish({ type: "order.placed", data: { id: 1 } });
    const worker = sender.worker();
    worker.start();
    expect((await delivered).attempt.status).toBe(200);
    await worker.stop();
    await sender.close();
    expect(received).toEqual(["/dev"]);
    // requireHttps: true, said in so many words, still wins over the switch
    const strict = createSender({ store: memoryStore(), allowPrivateNetwork: true, requireHttps: true });
    expect(
      (await refusal(strict.subscriptions.create({ url: `http://localhost:${port}/x`, eventTypes: ["*"] })))
        .code,
    ).toBe("URL_INVALID");
  });

  it("reports an attempt refused after DNS through the sender's events", async () => {
    const sender = createSender({
      store: memoryStore(),
      retrySchedule: [0],
      // a public-looking name that resolves to loopback when the worker looks it up
      lookup: (_host, _options, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]),
    });
    await sender.subscriptions.create({ url: "https://hooks.example.com/x", eventTypes: ["*"] });
    const failed = new Promise<SenderEvents["delivery.failed"]>((resolve) =>
      sender.on("delivery.failed", resolve),
    );
    await sender.publish({ type: "order.placed", data: { id: 2 } });
    const worker = sender.worker();
    worker.start();
    const { delivery, attempt } = await failed;
    await worker.stop();
    await sender.close();
    expect(attempt.status).toBeNull();
    expect(attempt.error).toContain("ADDRESS_BLOCKED");
    expect(attempt.error).toContain("hooks.example.com resolves to 127.0.0.1");
    expect(attempt.error).toContain("turn on allowPrivateNetwork: true");
    expect(delivery.status).toBe("failed");
  });
});
