import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { runAdapterConformance } from "@hookwire/test-utils";
import { bodyParser as koaBodyParserNew } from "@koa/bodyparser";
import Koa3 from "koa";
import koaBodyParser from "koa-bodyparser";
import Koa2 from "koa2";
import { afterEach, describe, expect, it } from "vitest";
import { preserveRawBody, webhookMiddleware } from "./middleware.js";

type KoaClass = typeof Koa3;

function listen(app: { callback(): (req: any, res: any) => void }) {
  const server = createServer(app.callback());
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

const parsers = {
  "koa-bodyparser": () => koaBodyParser(),
  "@koa/bodyparser": () => koaBodyParserNew(),
};

for (const [name, Koa] of [
  ["Koa 3", Koa3],
  ["Koa 2", Koa2 as unknown as KoaClass],
] as const) {
  runAdapterConformance({
    name: `@hookwire/koa on ${name}`,
    async start(hooks) {
      const app = new Koa();
      app.use(webhookMiddleware(hooks, { path: "/webhooks" }) as never);
      const running = await listen(app);
      return { url: `${running.url}/webhooks`, close: running.close };
    },
  });

  describe(`raw bodies on ${name}`, () => {
    const SECRET = "koa-secret";
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    async function start(setup: (app: any, hooks: ReturnType<typeof createWebhooks>) => void) {
      const numbers: number[] = [];
      const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
      hooks.on("github", "issues.opened", (event) => {
        numbers.push(event.payload.issue.number);
      });
      const app = new Koa();
      setup(app, hooks as never);
      app.use(async (ctx: any) => {
        if (ctx.path === "/api/echo") ctx.body = { body: ctx.request.body ?? null };
      });
      const running = await listen(app);
      close = running.close;
      return { url: running.url, numbers };
    }

    async function post(url: string, form = false) {
      const signed = await githubTestRequest({
        secret: SECRET,
        event: "issues",
        payload: { action: "opened", issue: { number: 11 }, note: "ünï\r\n" },
        form,
      });
      return fetch(`${url}/webhooks/github`, {
        method: "POST",
        headers: signed.headers,
        body: await signed.arrayBuffer(),
      });
    }

    for (const [parserName, parser] of Object.entries(parsers)) {
      it(`works mounted before ${parserName}, which keeps working for other routes`, async () => {
        const { url, numbers } = await start((app, hooks) => {
          app.use(webhookMiddleware(hooks) as never);
          app.use(parser() as never);
        });
        expect((await post(url)).status).toBe(200);
        expect(numbers).toEqual([11]);
        const echo = await fetch(`${url}/api/echo`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"a":1}',
        });
        expect(await echo.json()).toEqual({ body: { a: 1 } });
      });

      it(`works mounted after ${parserName} through ctx.request.rawBody (JSON and form)`, async () => {
        const { url, numbers } = await start((app, hooks) => {
          app.use(parser() as never);
          app.use(webhookMiddleware(hooks) as never);
        });
        expect((await post(url)).status).toBe(200);
        expect((await post(url, true)).status).toBe(200);
        expect(numbers).toEqual([11, 11]);
      });

      it(`works after ${parserName} with preserveRawBody() before it`, async () => {
        const { url, numbers } = await start((app, hooks) => {
          app.use(preserveRawBody({ path: "/webhooks" }) as never);
          app.use(parser() as never);
          app.use(webhookMiddleware(hooks) as never);
        });
        expect((await post(url)).status).toBe(200);
        expect(numbers).toEqual([11]);
      });
    }

    it("answers 500 RAW_BODY_UNAVAILABLE with the fix when a parser consumed the body and kept nothing", async () => {
      const { url, numbers } = await start((app, hooks) => {
        app.use(async (ctx: any, next: () => Promise<void>) => {
          // a hand-written parser that reads the stream and keeps only the parsed value
          const chunks: Buffer[] = [];
          for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
          ctx.request.body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
          await next();
        });
        app.use(webhookMiddleware(hooks) as never);
      });
      const response = await post(url);
      expect(response.status).toBe(500);
      const { error } = await response.json();
      expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
      expect(error.message).toContain("preserveRawBody");
      expect(error.message).toContain('webhookMiddleware(hooks, { path: "/webhooks" })');
      expect(numbers).toEqual([]);
    });

    it("leaves requests outside its path to the rest of the app", async () => {
      const { url } = await start((app, hooks) => {
        app.use(webhookMiddleware(hooks, { path: "/webhooks" }) as never);
      });
      const echo = await fetch(`${url}/api/echo`, { method: "POST", body: "x" });
      expect(echo.status).toBe(200);
      expect(await echo.json()).toEqual({ body: null });
    });
  });
}
