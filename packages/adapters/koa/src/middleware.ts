import type { IncomingMessage, ServerResponse } from "node:http";
import { utf8, WebhookError, type Webhooks } from "@hookwire/core";
import { fromIncomingMessage, writeError } from "@hookwire/core/node";

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

/** Options of {@link webhookMiddleware}. */
export interface WebhookMiddlewareOptions {
  /** The path the webhooks live under; `POST <path>/<receiver>` (default `/webhooks`). */
  path?: string;
  /** The largest body accepted, in bytes (default 5 MiB). Keep it equal to the router's. */
  maxBodyBytes?: number;
  /** Trust `X-Forwarded-Proto`/`-Host` for the request URL (behind your own proxy). */
  trustProxy?: boolean;
}

const HINT =
  "Mount webhookMiddleware(hooks, { path }) before the body parser, or put preserveRawBody({ path }) from @hookwire/koa before it so the parser skips webhook requests.";

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
  hooks: Pick<Webhooks, "handle">,
  options: WebhookMiddlewareOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  const prefix = (options.path ?? "/webhooks").replace(/\/+$/, "");
  return async (ctx, next) => {
    const rest = under(ctx.path, prefix);
    if (rest === undefined) {
      await next();
      return;
    }
    const raw = ctx.request.rawBody;
    const captured = raw instanceof Uint8Array ? raw : typeof raw === "string" ? utf8(raw) : undefined;
    let request: Awaited<ReturnType<typeof fromIncomingMessage>>;
    try {
      request = await fromIncomingMessage(ctx.req, {
        rawBodyHint: HINT,
        ...(captured ? { body: captured } : {}),
        ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
        ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      });
    } catch (error) {
      const coded = WebhookError.isInstance(error)
        ? error
        : new WebhookError("INTERNAL_ERROR", "[@hookwire/koa] The request could not be read.", {
            cause: error,
          });
      // Answer directly: an unread oversize body must not be drained by Koa.
      ctx.respond = false;
      writeError(ctx.req, ctx.res, coded);
      return;
    }
    const response = await hooks.handle(request, rest.includes("/") ? {} : { receiver: rest });
    ctx.status = response.status;
    response.headers.forEach((value, key) => {
      if (key !== "set-cookie" && key !== "content-length") ctx.set(key, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) ctx.set("set-cookie", cookies);
    ctx.body = request.method === "HEAD" ? null : Buffer.from(await response.arrayBuffer());
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
