import { createServer, type Server } from "node:http";
import { webhookMiddleware } from "@hookwire/koa";
import Koa from "koa";
import { createHooks } from "./webhooks.js";

/** Start the app on `port` (0 for any free port). */
export function start(port: number, log?: (line: string) => void): Promise<Server> {
  const app = new Koa();
  app.use(webhookMiddleware(createHooks(log), { path: "/webhooks" }));
  app.use(async (ctx) => {
    ctx.body = "POST signed webhooks to /webhooks/github or /webhooks/stripe";
  });
  const server = createServer(app.callback());
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
