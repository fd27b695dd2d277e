import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhooks, defineReceiver, WebhookError } from "@hookwire/core";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { runAdapterConformance } from "@hookwire/test-utils";
import express5 from "express";
import express4 from "express4";
import { afterEach, describe, expect, it } from "vitest";
import { captureRawBody, webhookMiddleware } from "./middleware.js";

type ExpressFactory = typeof express5;

function serve(
  app: (req: any, res: any) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(app);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

for (const [name, express] of [
  ["Express 5", express5],
  ["Express 4", express4 as unknown as ExpressFactory],
] as const) {
  runAdapterConformance({
    name: `@hookwire/express on ${name}`,
    async start(hooks) {
      const app = express();
      app.use("/webhooks", webhookMiddleware(hooks));
      const running = await serve(app);
      return { url: `${running.url}/webhooks`, close: running.close };
    },
  });

  describe(`raw bodies on ${name}`, () => {
    const SECRET = "raw-body-secret";
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    function router() {
      const numbers: number[] = [];
      const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
      hooks.on("github", "issues.opened", (event) => {
        numbers.push(event.payload.issue.number);
      });
      return { hooks, numbers };
    }

    async function post(url: string, form = false) {
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 7 }, note: "ü\r\n" },
        form,
      });
      return fetch(`${url}/webhooks/github`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
    }

    async function start(
      setup: (app: ReturnType<ExpressFactory>, hooks: ReturnType<typeof router>["hooks"]) => void,
    ) {
      const r = router();
      const app = express();
      setup(app, r.hooks);
      app.post("/api/echo", (req: any, res: any) => res.json({ body: req.body }));
      const running = await serve(app);
      close = running.close;
      return { ...r, url: running.url };
    }

    it("works when mounted before a global express.json(), which keeps working for other routes", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use("/webhooks", webhookMiddleware(hooks));
        app.use(express.json());
      });
      expect((await post(url)).status).toBe(200);
      expect(numbers).toEqual([7]);
      const echo = await fetch(`${url}/api/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"a":1}',
      });
      expect(await echo.json()).toEqual({ body: { a: 1 } });
    });

    it("answers 500 RAW_BODY_UNAVAILABLE with the fix — never 401 — after express.json()", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use(express.json());
        app.use("/webhooks", webhookMiddleware(hooks));
      });
      const response = await post(url);
      expect(response.status).toBe(500);
      const { error } = await response.json();
      expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
      expect(error.message).toContain("captureRawBody()");
      expect(error.message).toContain("before express.json()");
      expect(numbers).toEqual([]);
    });

    it("reports RAW_BODY_UNAVAILABLE to onError, and the fix names the path the middleware is mounted at", async () => {
      const seen: Array<[string, string]> = [];
      const hooks = createWebhooks({
        receivers: { github: github({ secret: SECRET }) },
        onError: (error, context) => {
          seen.push([error.code, context.phase]);
        },
      });
      const app = express();
      app.use(express.json());
      app.use("/hooks/in", webhookMiddleware(hooks));
      const running = await serve(app);
      close = running.close;
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 8 } },
      });
      const response = await fetch(`${running.url}/hooks/in/github`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
      expect(response.status).toBe(500);
      const { error } = await response.json();
      expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
      expect(error.message).toContain('app.use("/hooks/in", webhookMiddleware(hooks))');
      expect(seen).toEqual([["RAW_BODY_UNAVAILABLE", "route"]]);
    });

    it("answers RAW_BODY_UNAVAILABLE after express.urlencoded() for form bodies, and works for JSON ones", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use(express.urlencoded({ extended: false }));
        app.use("/webhooks", webhookMiddleware(hooks));
      });
      const form = await post(url, true);
      expect(form.status).toBe(500);
      expect((await form.json()).error.code).toBe("RAW_BODY_UNAVAILABLE");
      expect((await post(url)).status).toBe(200);
      expect(numbers).toEqual([7]);
    });

    it("works after express.raw() (req.body is the Buffer)", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use(express.raw({ type: "*/*" }));
        app.use("/webhooks", webhookMiddleware(hooks));
      });
      expect((await post(url)).status).toBe(200);
      expect(numbers).toEqual([7]);
    });

    it("works after express.json({ verify: captureRawBody() }) and after a hand-written verify callback", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use(express.json({ verify: captureRawBody() }));
        app.use(
          express.urlencoded({
            extended: false,
            verify: (req: any, _res: any, buf: Buffer) => {
              req.rawBody = buf;
            },
          }),
        );
        app.use("/webhooks", webhookMiddleware(hooks));
      });
      expect((await post(url)).status).toBe(200);
      expect((await post(url, true)).status).toBe(200);
      expect(numbers).toEqual([7, 7]);
    });

    it("with a global captureRawBody() parser, that parser's own limit applies first (as the docs say)", async () => {
      for (const limit of [undefined, "5mb"]) {
        const { url, numbers } = await start((app, hooks) => {
          app.use(express.json({ verify: captureRawBody(), ...(limit ? { limit } : {}) }));
          app.use("/webhooks", webhookMiddleware(hooks));
        });
        const signed = await githubTestRequest({
          secret: SECRET,
          event: "issues",
          payload: { action: "opened", issue: { number: 8 }, padding: "x".repeat(200 * 1024) },
        });
        const response = await fetch(`${url}/webhooks/github`, {
          method: "POST",
          headers: signed.headers,
          body: await signed.arrayBuffer(),
        });
        expect(response.status).toBe(limit ? 200 : 413);
        expect(numbers).toEqual(limit ? [8] : []);
        await close?.();
        close = undefined;
      }
    });

    it("answers RAW_BODY_UNAVAILABLE after express.text() for every type", async () => {
      const { url } = await start((app, hooks) => {
        app.use(express.text({ type: "*/*" }));
        app.use("/webhooks", webhookMiddleware(hooks));
      });
      expect((await (await post(url)).json()).error.code).toBe("RAW_BODY_UNAVAILABLE");
    });

    it("builds the URL receivers see from X-Forwarded-* only with trustProxy", async () => {
      const echo = defineReceiver<{ ping: unknown }, "url-echo">({
        provider: "url-echo",
        packageName: "@hookwire/express",
        handshakeMethods: ["GET"],
        handshake: (request) => new Response(request.url),
        async verify() {
          throw new WebhookError("SIGNATURE_MISSING", "[@hookwire/express] handshake only");
        },
      });
      const hooks = createWebhooks({ receivers: { echo } });
      const app = express();
      app.use("/direct", webhookMiddleware(hooks));
      app.use("/proxied", webhookMiddleware(hooks, { trustProxy: true }));
      const running = await serve(app);
      close = running.close;
      const headers = { "x-forwarded-proto": "https", "x-forwarded-host": "hooks.example.com" };
      const direct = await fetch(`${running.url}/direct/echo?x=1`, { headers });
      expect(await direct.text()).toBe(`${running.url}/direct/echo?x=1`);
      const proxied = await fetch(`${running.url}/proxied/echo?x=1`, { headers });
      expect(await proxied.text()).toBe("https://hooks.example.com/proxied/echo?x=1");
    });

    it("can pin one receiver on a route", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.post("/hooks/gh-endpoint", webhookMiddleware(hooks, { receiver: "github" }));
      });
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 9 } },
      });
      const response = await fetch(`${url}/hooks/gh-endpoint`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
      expect(response.status).toBe(200);
      expect(numbers).toEqual([9]);
    });
  });
}

describe("webhookMiddleware setup mistakes", () => {
  it("refuses a missing router, and a body limit on the adapter instead of the router, with CONFIGURATION_INVALID and the fix", () => {
    const hooks = createWebhooks({ receivers: { github: github({ secret: "s" }) } });
    for (const [make, pattern] of [
      [() => webhookMiddleware(undefined as never), /needs the router from createWebhooks\(\)/],
      [() => webhookMiddleware({} as never), /needs the router/],
      [
        () => webhookMiddleware(hooks, { maxBodyBytes: 1024 } as never),
        /maxBodyBytes is set once, on the router: createWebhooks\(\{ receivers, maxBodyBytes: 1024 \}\)/,
      ],
    ] as const) {
      let caught: unknown;
      try {
        make();
      } catch (error) {
        caught = error;
      }
      expect(WebhookError.isInstance(caught)).toBe(true);
      expect((caught as WebhookError).code).toBe("CONFIGURATION_INVALID");
      expect((caught as WebhookError).message).toMatch(pattern);
      expect((caught as WebhookError).message).toMatch(/^\[@hookwire\/express\]/);
    }
    expect(typeof webhookMiddleware(hooks, { receiver: "github" })).toBe("function");
    expect(() => createWebhooks({ receivers: {}, maxBodyBytes: 0 })).toThrow(
      /maxBodyBytes must be a positive whole number/,
    );
  });
});
