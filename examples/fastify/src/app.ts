import type { Server } from "node:http";
import { webhookPlugin } from "@hookwire/fastify";
import Fastify from "fastify";
import { createHooks } from "./webhooks.js";

/** Start the app on `port` (0 for any free port). */
export async function start(port: number, log?: (line: string) => void): Promise<Server> {
  const app = Fastify();
  await app.register(webhookPlugin, { hooks: createHooks(log), prefix: "/webhooks" });
  app.get("/", async () => "POST signed webhooks to /webhooks/github or /webhooks/stripe");
  await app.listen({ port, host: "127.0.0.1" });
  return app.server;
}
