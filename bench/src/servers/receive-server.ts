// A receiving server for the end-to-end benchmark, in its own process so that the load generator
// does not share its event loop. Usage: receive-server.ts <mode> <secret>; prints the port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhooks } from "@hookwire/core";
import { createNodeHandler } from "@hookwire/core/node";
import { github } from "@hookwire/github";

const [mode = "bare", secret = "s"] = process.argv.slice(2);
let count = 0;
const hooks = createWebhooks({ receivers: { github: github({ secret }) } });
hooks.on("github", "issues.opened", () => {
  count++;
});

async function start(): Promise<number> {
  switch (mode) {
    case "bare": {
      const server = createServer((req, res) => {
        req.on("data", () => {});
        req.on("end", () => {
          count++;
          res.end("ok");
        });
      });
      return listen(server);
    }
    case "node-handler":
      return listen(createServer(createNodeHandler(hooks)));
    case "express-bare": {
      const { default: express } = await import("express");
      const app = express();
      app.post("/webhooks/github", (_req, res) => {
        count++;
        res.end("ok");
      });
      return listen(createServer(app));
    }
    case "express-hookwire": {
      const { default: express } = await import("express");
      const { webhookMiddleware } = await import("@hookwire/express");
      const app = express();
      app.use("/webhooks", webhookMiddleware(hooks));
      return listen(createServer(app));
    }
    case "fastify-bare": {
      const { default: Fastify } = await import("fastify");
      const app = Fastify();
      app.post("/webhooks/github", async () => {
        count++;
        return "ok";
      });
      await app.listen({ port: 0, host: "127.0.0.1" });
      return (app.server.address() as AddressInfo).port;
    }
    case "fastify-hookwire": {
      const { default: Fastify } = await import("fastify");
      const { webhookPlugin } = await import("@hookwire/fastify");
      const app = Fastify();
      await app.register(webhookPlugin, { hooks, prefix: "/webhooks" });
      await app.listen({ port: 0, host: "127.0.0.1" });
      return (app.server.address() as AddressInfo).port;
    }
    case "octokit": {
      const { Webhooks, createNodeMiddleware } = await import("@octokit/webhooks");
      const webhooks = new Webhooks({ secret });
      webhooks.on("issues.opened", () => {
        count++;
      });
      return listen(createServer(createNodeMiddleware(webhooks, { path: "/webhooks/github" })));
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

const port = await start();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => {
  process.stderr.write(`handled ${count}\n`);
  process.exit(0);
});
