import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hmacString, verifyHmac } from "../crypto/index.js";
import { WebhookError } from "../errors.js";
import { defineReceiver } from "../receiver.js";
import { createWebhooks } from "../webhooks.js";
import { createNodeHandler, fromIncomingMessage, nodeHeaders } from "./index.js";

const receiver = defineReceiver<{ ping: { n: number } }, "test">({
  provider: "test",
  packageName: "@hookwire/test",
  async verify(request) {
    const signature = request.headers.get("x-sig") ?? "";
    if ((await verifyHmac("SHA-256", ["k"], request.body, signature, "hex")) < 0) {
      throw new WebhookError("SIGNATURE_INVALID", "[@hookwire/test] invalid");
    }
    return { type: "ping", payload: JSON.parse(new TextDecoder().decode(request.body) || "{}") };
  },
});

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(
  handler: (req: IncomingMessage, res: import("node:http").ServerResponse) => void,
): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("@hookwire/core/node", () => {
  it("serves the router on a bare http server with byte-exact bodies", async () => {
    const hooks = createWebhooks({ receivers: { test: receiver } });
    const seen: number[] = [];
    hooks.on("test", "ping", (event) => {
      seen.push(event.payload.n);
    });
    const base = await listen(createNodeHandler(hooks));
    const body = '{ "n": 7,\r\n "s": "ü" }';
    const response = await fetch(`${base}/webhooks/test`, {
      method: "POST",
      body,
      headers: { "x-sig": await hmacString("SHA-256", "k", body, "hex") },
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([7]);
  });

  it("answers 413 for a declared oversize body without reading it", async () => {
    const hooks = createWebhooks({ receivers: { test: receiver }, maxBodyBytes: 1024 });
    const base = await listen(createNodeHandler(hooks, { maxBodyBytes: 1024 }));
    const response = await fetch(`${base}/webhooks/test`, { method: "POST", body: "x".repeat(4096) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("uses bytes a framework already captured, and refuses a consumed stream with RAW_BODY_UNAVAILABLE", async () => {
    const results: unknown[] = [];
    const base = await listen((req, res) => {
      const mode = req.url;
      req.on("data", () => {});
      req.on("end", async () => {
        const r = req as IncomingMessage & { rawBody?: Uint8Array; body?: unknown; _body?: boolean };
        if (mode === "/raw") r.rawBody = new TextEncoder().encode("captured");
        else {
          r.body = { parsed: true };
          r._body = true;
        }
        try {
          const request = await fromIncomingMessage(req, { rawBodyHint: "Mount it first." });
          results.push(new TextDecoder().decode(request.body));
        } catch (error) {
          results.push((error as WebhookError).code);
          results.push((error as WebhookError).message);
        }
        res.end();
      });
    });
    await fetch(`${base}/raw`, { method: "POST", body: "{}" });
    await fetch(`${base}/parsed`, { method: "POST", body: "{}" });
    expect(results[0]).toBe("captured");
    expect(results[1]).toBe("RAW_BODY_UNAVAILABLE");
    expect(results[2]).toMatch(/Mount it first\.$/);
  });

  it("reports RAW_BODY_UNAVAILABLE to onError when the stream was consumed before the bridge ran", async () => {
    const seen: string[] = [];
    const hooks = createWebhooks({
      receivers: { test: receiver },
      onError: (error, context) => {
        seen.push(`${context.phase}:${error.code}`);
      },
    });
    const handler = createNodeHandler(hooks, {
      rawBodyHint: (req) => `Mount it before the parser at ${req.url}.`,
    });
    const base = await listen((req, res) => {
      req.on("data", () => {});
      req.on("end", () => {
        (req as IncomingMessage & { body?: unknown }).body = { parsed: true };
        handler(req, res);
      });
    });
    const response = await fetch(`${base}/webhooks/test`, { method: "POST", body: '{"n":1}' });
    expect(response.status).toBe(500);
    const { error } = await response.json();
    expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
    expect(error.message).toMatch(/at \/webhooks\/test\.$/);
    expect(seen).toEqual(["route:RAW_BODY_UNAVAILABLE"]);
  });

  it("wraps Node's own headers: case-insensitive get, repeated values joined, iteration for new Headers()", async () => {
    const captured: Array<[string | null, string | null, string | null, string]> = [];
    const base = await listen((req, res) => {
      const headers = nodeHeaders(req);
      captured.push([
        headers.get("X-Custom"),
        headers.get("x-twice"),
        headers.get("x-absent"),
        new Headers([...headers]).get("x-custom") ?? "",
      ]);
      res.end();
    });
    await fetch(base, {
      headers: [
        ["x-custom", "a"],
        ["x-twice", "1"],
        ["x-twice", "2"],
      ],
    });
    expect(captured).toEqual([["a", "1, 2", null, "a"]]);
  });
});
