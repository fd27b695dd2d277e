import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
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

describe("@hookwire/core/node: the answer written and the client's disconnect", () => {
  const ok = defineReceiver<{ ping: unknown; wait: unknown; cookie: unknown }, "plain">({
    provider: "plain",
    packageName: "@hookwire/plain",
    verify: (request) => ({ type: request.headers.get("x-type") ?? "ping", payload: {} }),
  });

  it("writes a handler's Response: status, status text, every Set-Cookie, headers and body with its length", async () => {
    const hooks = createWebhooks({ receivers: { plain: ok } });
    hooks.on("plain", "cookie", () => {
      const headers = new Headers({ "x-a": "1" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response("héllo", { status: 299, statusText: "Fine", headers });
    });
    const base = await listen(createNodeHandler(hooks));
    const response = await fetch(`${base}/plain`, { method: "POST", headers: { "x-type": "cookie" } });
    expect(response.status).toBe(299);
    expect(response.statusText).toBe("Fine");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(response.headers.get("x-a")).toBe("1");
    expect(response.headers.get("content-length")).toBe("6");
    expect(await response.text()).toBe("héllo");
  });

  it("answers Hookwire's JSON with its length, and closes the connection when the upload was not read", async () => {
    const hooks = createWebhooks({ receivers: { plain: ok } });
    const base = await listen(createNodeHandler(hooks));
    const answered = await fetch(`${base}/plain`, { method: "POST", body: "{}" });
    expect(answered.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(answered.headers.get("content-length")).toBe(String('{"ok":true}'.length));
    expect(answered.headers.get("connection")).not.toBe("close");
    expect(await answered.text()).toBe('{"ok":true}');
    const notFound = await fetch(`${base}/nope`, { method: "POST", body: "x".repeat(1000) });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("connection")).toBe("close");
    expect((await notFound.json()).error.code).toBe("RECEIVER_NOT_FOUND");
  });

  it("refuses a streamed body without Content-Length as soon as it passes the limit", async () => {
    const hooks = createWebhooks({ receivers: { plain: ok }, maxBodyBytes: 1024 });
    const base = await listen(createNodeHandler(hooks));
    const chunk = new Uint8Array(512).fill(97);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/plain`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("aborts context.signal when the client goes away before the answer", async () => {
    const hooks = createWebhooks({ receivers: { plain: ok } });
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const reason = new Promise<unknown>((resolve) => {
      hooks.on("plain", "wait", (_event, context) => {
        context.signal.addEventListener("abort", () => resolve(context.signal.reason));
        started();
        return new Promise<void>((done) => context.signal.addEventListener("abort", () => done()));
      });
    });
    const base = new URL(await listen(createNodeHandler(hooks)));
    // a raw socket, destroyed once the handler runs: the client is gone at once, with no HTTP client
    // library between (one keeps an aborted request's connection open for a while)
    const socket = connect(Number(base.port), base.hostname);
    socket.on("error", () => {});
    socket.write(
      `POST ${base.pathname.replace(/\/$/, "")}/plain HTTP/1.1\r\nhost: ${base.host}\r\nx-type: wait\r\ncontent-length: 0\r\n\r\n`,
    );
    await handlerStarted;
    socket.destroy();
    expect(await reason).toMatchObject({
      code: "INTERNAL_ERROR",
      message: expect.stringContaining("disconnected"),
    });
  });
});
