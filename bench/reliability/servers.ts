import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Webhooks } from "@hookwire/core";
import { createNodeHandler } from "@hookwire/core/node";

/** A server running one adapter, with the Node server underneath (for its timeouts). */
export interface RunningServer {
  /** Base URL: receivers are at `${url}/<receiver>`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Every server here times requests out after 2 s (checked every 250 ms), as a production server
 * should be configured; Node's defaults are 300 s and 30 s.
 */
function createServer(handler: RequestListener): Server {
  return createHttpServer(
    { requestTimeout: 2_000, headersTimeout: 2_000, connectionsCheckingInterval: 250 },
    handler,
  );
}

/**
 * How to start each adapter around a router. The body limit is the router's own
 * (`createWebhooks({ maxBodyBytes })`); Fastify's app-wide `bodyLimit` is set to it too, to show that
 * the plugin does not depend on it.
 */
export const adapters: Record<
  string,
  (hooks: Webhooks<any>, maxBodyBytes: number) => Promise<RunningServer>
> = {
  "node:http + @hookwire/core/node": async (hooks) =>
    listen(createServer(createNodeHandler(hooks)), "/webhooks"),
  "@hookwire/express": async (hooks) => {
    const { default: express } = await import("express");
    const { webhookMiddleware } = await import("@hookwire/express");
    const app = express();
    app.use("/webhooks", webhookMiddleware(hooks));
    return listen(createServer(app), "/webhooks");
  },
  "@hookwire/fastify": async (hooks, maxBodyBytes) => {
    const { default: Fastify } = await import("fastify");
    const { webhookPlugin } = await import("@hookwire/fastify");
    let server: Server | undefined;
    const app = Fastify({
      bodyLimit: maxBodyBytes,
      serverFactory: (handler) => {
        server = createServer(handler as RequestListener);
        return server;
      },
    });
    await app.register(webhookPlugin, { hooks, prefix: "/webhooks" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as AddressInfo).port;
    return { url: `http://127.0.0.1:${port}/webhooks`, server: server!, close: () => app.close() };
  },
  "@hookwire/next (Pages Router handler)": async (hooks) => {
    const { createPagesHandler } = await import("@hookwire/next");
    const handler = createPagesHandler(hooks);
    return listen(
      createServer((req, res) => {
        void handler(req, res);
      }),
      "/api/webhooks",
    );
  },
  "@hookwire/koa": async (hooks) => {
    const { default: Koa } = await import("koa");
    const { webhookMiddleware } = await import("@hookwire/koa");
    const app = new Koa();
    app.use(webhookMiddleware(hooks, { path: "/webhooks" }));
    return listen(createServer(app.callback()), "/webhooks");
  },
};

function listen(server: Server, path: string): Promise<RunningServer> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
