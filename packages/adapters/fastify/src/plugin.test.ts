import type { AddressInfo } from "node:net";
import { createWebhooks, defineReceiver, WebhookError } from "@hookwire/core";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { runAdapterConformance } from "@hookwire/test-utils";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { webhookPlugin } from "./plugin.js";

runAdapterConformance({
  name: "@hookwire/fastify on Fastify 5",
  async start(hooks) {
    const app = Fastify();
    await app.register(webhookPlugin, { hooks, prefix: "/webhooks" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    return {
      url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/webhooks`,
      close: () => app.close(),
    };
  },
});

describe("@hookwire/fastify in an app with its own parsers", () => {
  const SECRET = "fastify-secret";
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function app() {
    const numbers: number[] = [];
    const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
    hooks.on("github", "issues.opened", (event) => {
      numbers.push(event.payload.issue.number);
    });
    const fastify = Fastify();
    fastify.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    fastify.post("/api/echo", async (request) => ({ body: request.body }));
    await fastify.register(webhookPlugin, { hooks, prefix: "/webhooks" });
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    close = () => fastify.close();
    return { url: `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`, numbers };
  }

  it("verifies JSON and form webhooks while the app's default JSON parser and its form parser keep working elsewhere", async () => {
    const { url, numbers } = await app();
    for (const form of [false, true]) {
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 3 } },
        form,
      });
      const response = await fetch(`${url}/webhooks/github`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
      expect(response.status).toBe(200);
    }
    expect(numbers).toEqual([3, 3]);
    const json = await fetch(`${url}/api/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await json.json()).toEqual({ body: { a: 1 } });
    const form = await fetch(`${url}/api/echo`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "b=2",
    });
    expect(await form.json()).toEqual({ body: { b: "2" } });
  });

  it("accepts bodies with no or unusual content types as raw bytes (the receiver decides)", async () => {
    const { url } = await app();
    const signed = await githubTestRequest({
      secret: SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 4 } },
    });
    const headers = new Headers(signed.headers);
    headers.set("content-type", "text/xml");
    const response = await fetch(`${url}/webhooks/github`, {
      method: "POST",
      headers,
      body: await signed.arrayBuffer(),
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses registration without a router or with a body limit of its own (the router's applies)", async () => {
    const fastify = Fastify();
    await expect(fastify.register(webhookPlugin, {} as never).ready()).rejects.toThrow(/needs the router/);
    const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
    for (const maxBodyBytes of [1024]) {
      const error = await Fastify()
        .register(webhookPlugin, { hooks, maxBodyBytes } as never)
        .ready()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(WebhookError.isInstance(error)).toBe(true);
      expect((error as WebhookError).code).toBe("CONFIGURATION_INVALID");
      expect((error as WebhookError).message).toContain(
        `maxBodyBytes is set once, on the router: createWebhooks({ receivers, maxBodyBytes: ${maxBodyBytes} })`,
      );
    }
  });

  it("uses the router's body limit, not the app's: a small app bodyLimit does not cap webhooks, the router's does", async () => {
    const hooks = createWebhooks({
      receivers: { github: github({ secret: SECRET }) },
      maxBodyBytes: 256 * 1024,
    });
    const numbers: number[] = [];
    hooks.on("github", "issues.opened", (event) => {
      numbers.push(event.payload.issue.number);
    });
    const fastify = Fastify({ bodyLimit: 1024 });
    fastify.post("/api/echo", async (request) => ({ body: request.body }));
    await fastify.register(webhookPlugin, { hooks, prefix: "/webhooks" });
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    close = () => fastify.close();
    const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
    const send = async (padding: number) => {
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: padding }, padding: "x".repeat(padding) },
      });
      return fetch(`${url}/webhooks/github`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
    };
    expect((await send(100 * 1024)).status).toBe(200);
    expect(numbers).toEqual([100 * 1024]);
    const tooLarge = await send(300 * 1024);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toContain("application/json");
    expect((await tooLarge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(numbers).toEqual([100 * 1024]);
    const appRoute = await fetch(`${url}/api/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(2048) }),
    });
    expect(appRoute.status).toBe(413); // the app's own limit still applies to its routes
  });

  it("builds the request URL receivers see (Trello signs it) from Fastify's trustProxy view of the request", async () => {
    const echo = defineReceiver<{ ping: unknown }, "url-echo">({
      provider: "url-echo",
      packageName: "@hookwire/fastify",
      handshakeMethods: ["GET"],
      handshake: (request) => new Response(request.url),
      async verify() {
        throw new WebhookError("SIGNATURE_MISSING", "[@hookwire/fastify] handshake only");
      },
    });
    const urls: string[] = [];
    for (const trustProxy of [false, true]) {
      const fastify = Fastify({ trustProxy });
      await fastify.register(webhookPlugin, {
        hooks: createWebhooks({ receivers: { echo } }),
        prefix: "/webhooks",
      });
      await fastify.listen({ port: 0, host: "127.0.0.1" });
      const port = (fastify.server.address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/echo?x=1`, {
        headers: { "x-forwarded-proto": "https", "x-forwarded-host": "hooks.example.com" },
      });
      urls.push(`${await response.text()}|${port}`);
      await fastify.close();
    }
    const [direct, proxied] = urls.map((entry) => entry.split("|")) as [string[], string[]];
    expect(direct[0]).toBe(`http://127.0.0.1:${direct[1]}/webhooks/echo?x=1`);
    expect(proxied[0]).toBe("https://hooks.example.com/webhooks/echo?x=1");
  });

  it("reports errors Fastify raises before the handler to onError, answered as coded JSON", async () => {
    const seen: string[] = [];
    const hooks = createWebhooks({
      receivers: { github: github({ secret: SECRET }) },
      onError: (error, context) => {
        seen.push(`${context.phase}:${error.code}`);
      },
    });
    const fastify = Fastify();
    fastify.addHook("preHandler", async (request) => {
      if (request.url.includes("reject")) throw Object.assign(new Error("bad input"), { statusCode: 400 });
    });
    await fastify.register(webhookPlugin, { hooks, prefix: "/webhooks" });
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    close = () => fastify.close();
    const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/webhooks/github?reject=1`;
    const response = await fetch(url, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toEqual({ code: "PAYLOAD_INVALID", message: "[@hookwire/fastify] bad input" });
    expect(seen).toEqual(["route:PAYLOAD_INVALID"]);
  });

  it("answers HEAD and GET handshakes on the receiver route", async () => {
    const trelloLike = defineReceiver<{ ping: unknown }, "head-check">({
      provider: "head-check",
      packageName: "@hookwire/fastify",
      handshakeMethods: ["HEAD", "GET"],
      handshake: (request) =>
        new Response(request.method === "GET" ? "ready" : null, {
          headers: { "x-handshake": request.method },
        }),
      async verify() {
        throw new WebhookError("SIGNATURE_MISSING", "[@hookwire/fastify] handshake only");
      },
    });
    const fastify = Fastify();
    await fastify.register(webhookPlugin, {
      hooks: createWebhooks({ receivers: { check: trelloLike } }),
      prefix: "/webhooks",
    });
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    close = () => fastify.close();
    const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/webhooks/check`;
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-handshake")).toBe("HEAD");
    const get = await fetch(url);
    expect(get.headers.get("x-handshake")).toBe("GET");
    expect(await get.text()).toBe("ready");
  });
});
