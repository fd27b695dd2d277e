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

/**
 * The work any verifying route must do, written by hand (HMAC-SHA256 of the body, a constant-time
 * comparison, JSON.parse): the framework "+ verification" rows use it as the ceiling of a verifying route.
 */
async function handVerifier(): Promise<(body: Buffer, signature: string) => boolean> {
  const { createHmac, timingSafeEqual } = await import("node:crypto");
  return (body, signature) => {
    const expected = createHmac("sha256", secret).update(body).digest();
    const received = Buffer.from(signature.slice(7), "hex");
    if (received.length !== expected.length || !timingSafeEqual(expected, received)) return false;
    JSON.parse(body.toString());
    return true;
  };
}

/** An empty Fastify route with a buffer parser; with `verified`, it checks the signature first. */
async function fastifyRoute(verified?: (body: Buffer, signature: string) => boolean): Promise<number> {
  const { default: Fastify } = await import("fastify");
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.post("/webhooks/github", async (request, reply) => {
    if (verified && !verified(request.body as Buffer, String(request.headers["x-hub-signature-256"] ?? ""))) {
      return reply.code(401).send();
    }
    count++;
    return "ok";
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

/** An empty Koa route that reads the body; with `verified`, it checks the signature first. */
async function koaRoute(verified?: (body: Buffer, signature: string) => boolean): Promise<number> {
  const { default: Koa } = await import("koa");
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== "/webhooks/github") return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (verified && !verified(body, String(ctx.get("x-hub-signature-256")))) {
      ctx.status = 401;
      return;
    }
    count++;
    ctx.body = "ok";
  });
  return listen(createServer(app.callback()));
}

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
    case "bare-verify": {
      // The bare server plus the work verification cannot avoid, written by hand: HMAC-SHA256 of the
      // body, a constant-time comparison, JSON.parse — what every verifying server pays on top of "bare".
      const verified = await handVerifier();
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          if (!verified(body, String(req.headers["x-hub-signature-256"] ?? ""))) {
            res.statusCode = 401;
            res.end();
            return;
          }
          count++;
          res.end("ok");
        });
      });
      return listen(server);
    }
    case "node-handler":
      return listen(createServer(createNodeHandler(hooks)));
    case "express-bare": {
      // An empty route that reads the body (express.raw: the whole body as a Buffer).
      const { default: express } = await import("express");
      const app = express();
      app.post("/webhooks/github", express.raw({ type: () => true }), (_req, res) => {
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
    case "fastify-bare":
      // An empty route with a buffer parser (the whole body as a Buffer, no JSON parsing).
      return fastifyRoute();
    case "fastify-verify":
      // The empty Fastify route plus the hand-written verification: the ceiling of a verifying route.
      return fastifyRoute(await handVerifier());
    case "fastify-hookwire": {
      const { default: Fastify } = await import("fastify");
      const { webhookPlugin } = await import("@hookwire/fastify");
      const app = Fastify();
      await app.register(webhookPlugin, { hooks, prefix: "/webhooks" });
      await app.listen({ port: 0, host: "127.0.0.1" });
      return (app.server.address() as AddressInfo).port;
    }
    case "koa-bare":
      // An empty route that reads the body.
      return koaRoute();
    case "koa-verify":
      // The empty Koa route plus the hand-written verification: the ceiling of a verifying route.
      return koaRoute(await handVerifier());
    case "koa-hookwire": {
      const { default: Koa } = await import("koa");
      const { webhookMiddleware } = await import("@hookwire/koa");
      const app = new Koa();
      app.use(webhookMiddleware(hooks, { path: "/webhooks" }) as never);
      return listen(createServer(app.callback()));
    }
    case "next-pages-bare": {
      // A bare Next.js pages API route (bodyParser: false) that reads the body, as Next calls it:
      // (req with query, res). Next's own router is not part of either row.
      const handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
        req.on("data", () => {});
        req.on("end", () => {
          count++;
          res.end("ok");
        });
      };
      return listen(
        createServer((req, res) => {
          (req as typeof req & { query?: Record<string, string> }).query = { receiver: "github" };
          handler(req, res);
        }),
      );
    }
    case "next-pages-hookwire": {
      const { createPagesHandler } = await import("@hookwire/next");
      const handler = createPagesHandler(hooks);
      return listen(
        createServer((req, res) => {
          (req as typeof req & { query?: Record<string, string> }).query = { receiver: "github" };
          void handler(req, res);
        }),
      );
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
// SIGUSR2 marks the start of the measured load; SIGTERM reports the CPU time (user + system) this
// process spent per handled request since the mark: a figure that other load on the machine
// disturbs far less than requests per second do.
let mark = { count: 0, cpu: process.cpuUsage() };
process.on("SIGUSR2", () => {
  mark = { count, cpu: process.cpuUsage() };
});
process.on("SIGTERM", () => {
  const cpu = process.cpuUsage(mark.cpu);
  const handled = count - mark.count;
  process.stdout.write(`${JSON.stringify({ handled, cpuUs: cpu.user + cpu.system })}\n`, () =>
    process.exit(0),
  );
});
