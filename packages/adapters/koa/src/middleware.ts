import type { IncomingMessage, ServerResponse } from "node:http";
import { utf8 } from "@hookwire/core";
import {
  assertNoAdapterLimit,
  failNodeRequest,
  handleNodeRequest,
  type NodeAdapterOptions,
  type NodeHandlerOptions,
  type NodeRouter,
} from "@hookwire/core/node";

/** The parts of Koa's context this adapter uses (Koa 2 and 3). */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  status: number;
  body: unknown;
  respond?: boolean;
  request: { rawBody?: unknown; body?: unknown };
  set(field: string, value: string | string[]): void;
  disableBodyParser?: boolean;
}

/**
 * Options of {@link webhookMiddleware}: the options every Hookwire Node adapter shares, plus the
 * path. The body limit is the router's (`createWebhooks({ maxBodyBytes })`).
 */
export interface WebhookMiddlewareOptions extends NodeAdapterOptions {
  /** The path the webhooks live under; `POST <path>/<receiver>` (default `/webhooks`). */
  path?: string;
}

const hint = (prefix: string) =>
  `Mount webhookMiddleware(hooks, { path: "${prefix}" }) before the body parser, or put preserveRawBody({ path: "${prefix}" }) from @hookwire/koa before it so the parser skips webhook requests.`;

function under(path: string, prefix: string): string | undefined {
  if (path === prefix) return "";
  if (!path.startsWith(`${prefix}/`)) return undefined;
  return path.slice(prefix.length + 1);
}

/**
 * Koa middleware (Koa 2 and 3) that hands requests under `path` to Hookwire's router; the receiver
 * is the next path segment (`POST /webhooks/github`). Other requests go on to `next()`.
 *
 * It reads the raw stream from `ctx.req`, or uses `ctx.request.rawBody` when a body parser that keeps
 * it ran first (koa-bodyparser, @koa/bodyparser). When a parser consumed the body and kept nothing, it
 * answers 500 `RAW_BODY_UNAVAILABLE` with the fix — never a misleading signature error.
 *
 * @example
 * ```ts
 * import Koa from "koa";
 * import { webhookMiddleware } from "@hookwire/koa";
 *
 * const app = new Koa();
 * app.use(webhookMiddleware(hooks, { path: "/webhooks" }));
 * app.listen(3000);
 * ```
 */
export function webhookMiddleware(
  hooks: NodeRouter,
  options: WebhookMiddlewareOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  assertNoAdapterLimit(options, "@hookwire/koa");
  const prefix = (options.path ?? "/webhooks").replace(/\/+$/, "");
  const { path: _path, ...shared } = options;
  const base: NodeHandlerOptions = { ...shared, rawBodyHint: hint(prefix || "/") };
  return async (ctx, next) => {
    const rest = under(ctx.path, prefix);
    if (rest === undefined) {
      await next();
      return;
    }
    const raw = ctx.request.rawBody;
    const captured = raw instanceof Uint8Array ? raw : typeof raw === "string" ? utf8(raw) : undefined;
    const slash = rest.indexOf("/");
    const pinned = options.receiver !== undefined;
    const single = slash < 0;
    const pair = !single && rest.indexOf("/", slash + 1) < 0;
    // One plain object per request (no spreads): this runs for every webhook.
    const settings = {
      rawBodyHint: base.rawBodyHint,
      trustProxy: base.trustProxy,
      waitUntil: base.waitUntil,
      receiver: pinned ? options.receiver : single ? rest : pair ? rest.slice(0, slash) : undefined,
      id: !pinned && pair ? rest.slice(slash + 1) : undefined,
      body: captured,
    } as NodeHandlerOptions;
    // The answer is written straight to the Node response, through the one bridge every adapter uses.
    ctx.respond = false;
    await handleNodeRequest(hooks, ctx.req, ctx.res, settings).catch((error: unknown) =>
      failNodeRequest(hooks, ctx.req, ctx.res, error, "@hookwire/koa"),
    );
  };
}

/**
 * For apps that must keep a global body parser: put this before the parser, and it marks webhook
 * requests so that koa-bodyparser and @koa/bodyparser skip them (`ctx.disableBodyParser`). The raw
 * stream then reaches {@link webhookMiddleware} untouched.
 *
 * @example
 * ```ts
 * app.use(preserveRawBody({ path: "/webhooks" }));
 * app.use(bodyParser());
 * app.use(webhookMiddleware(hooks, { path: "/webhooks" }));
 * ```
 */
export function preserveRawBody(
  options: { path?: string } = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  const prefix = (options.path ?? "/webhooks").replace(/\/+$/, "");
  return async (ctx, next) => {
    if (under(ctx.path, prefix) !== undefined) ctx.disableBodyParser = true;
    await next();
  };
}
