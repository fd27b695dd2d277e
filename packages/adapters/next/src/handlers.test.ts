import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createWebhooks } from "@hookwire/core";
import { writeResponse } from "@hookwire/core/node";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { runAdapterConformance } from "@hookwire/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { createRouteHandlers } from "./app-router.js";
import { config, createPagesHandler } from "./pages-router.js";

function listen(server: ReturnType<typeof createServer>) {
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** A stand-in for Next's App Router runtime: Web Request in (streamed body), exported method or 405. */
function appRouterServer(handlers: ReturnType<typeof createRouteHandlers>) {
  return createServer(async (req, res) => {
    const method = (req.method ?? "GET") as keyof typeof handlers;
    const handler = handlers[method];
    if (!handler) {
      res.statusCode = 405;
      res.end();
      return;
    }
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    // Like Next: request.signal aborts when the client goes away before the answer.
    const disconnect = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) disconnect.abort();
    });
    const request = new Request(url, {
      method,
      signal: disconnect.signal,
      headers: req.headers as Record<string, string>,
      ...(method === "GET" || method === "HEAD"
        ? {}
        : { body: Readable.toWeb(req) as ReadableStream, duplex: "half" }),
    } as RequestInit);
    const receiver = url.pathname.split("/").filter(Boolean).pop();
    const response = await handler(request, { params: Promise.resolve({ receiver }) });
    // An answer given before the upload was read (404, 405, 413): close instead of draining it.
    if (!req.complete) res.setHeader("connection", "close");
    await writeResponse(res, response, method);
    if (!req.complete) req.destroy();
  });
}

runAdapterConformance({
  name: "@hookwire/next createRouteHandlers (App Router)",
  async start(hooks) {
    const running = await listen(appRouterServer(createRouteHandlers(hooks)));
    return { url: `${running.url}/webhooks`, close: running.close };
  },
});

runAdapterConformance({
  name: "@hookwire/next createPagesHandler (Pages Router, bodyParser: false)",
  async start(hooks) {
    const handler = createPagesHandler(hooks);
    const running = await listen(createServer((req, res) => void handler(req, res)));
    return { url: `${running.url}/api/webhooks`, close: running.close };
  },
});

describe("@hookwire/next specifics", () => {
  const SECRET = "next-secret";
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("exports the Pages Router config with the body parser off", () => {
    expect(config).toEqual({ api: { bodyParser: false } });
  });

  it("answers RAW_BODY_UNAVAILABLE naming the config export when Next's body parser ran", async () => {
    const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
    const handler = createPagesHandler(hooks);
    const running = await listen(
      createServer(async (req: IncomingMessage & { body?: unknown; query?: Record<string, string> }, res) => {
        // what Next does without `bodyParser: false`: read the stream, parse JSON into req.body
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        req.body = JSON.parse(Buffer.concat(chunks).toString());
        req.query = { receiver: "github" };
        await handler(req, res);
      }),
    );
    close = running.close;
    const signed = await githubTestRequest({
      secret: SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 1 } },
    });
    const response = await fetch(`${running.url}/api/webhooks/github`, {
      method: "POST",
      headers: signed.headers,
      body: await signed.arrayBuffer(),
    });
    expect(response.status).toBe(500);
    const { error } = await response.json();
    expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
    expect(error.message).toContain("export const config = { api: { bodyParser: false } }");
  });

  it("takes the receiver from the route param, a fixed option, or the path", async () => {
    const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
    const seen: number[] = [];
    hooks.on("github", "issues.opened", (event) => {
      seen.push(event.payload.issue.number);
    });
    const signed = () =>
      githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 2 } },
        url: "https://x.test/anything",
      });
    const { POST } = createRouteHandlers(hooks);
    expect((await POST(await signed(), { params: Promise.resolve({ receiver: "github" }) })).status).toBe(
      200,
    );
    expect((await POST(await signed(), { params: { receiver: ["github"] } })).status).toBe(200);
    const fixed = createRouteHandlers(hooks, { receiver: "github" });
    expect((await fixed.POST(await signed())).status).toBe(200);
    expect((await POST(await signed())).status).toBe(404);
    expect(seen).toEqual([2, 2, 2]);
  });

  it("passes waitUntil through for handlers that outlive the response", async () => {
    const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) }, respondWithin: 10 });
    hooks.on("github", "issues.opened", () => new Promise((r) => setTimeout(r, 100)));
    const kept: Promise<unknown>[] = [];
    const { POST } = createRouteHandlers(hooks, { receiver: "github", waitUntil: (p) => kept.push(p) });
    const response = await POST(
      await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 3 } },
      }),
    );
    expect(response.status).toBe(202);
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
  });
});
