import { WebhookError, type WebhookRequest, type Webhooks } from "@hookwire/core";
import { toHeaders } from "@hookwire/core/node";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

/** Options of {@link webhookPlugin} (plus Fastify's own `prefix`). */
export interface WebhookPluginOptions {
  /** The router from `createWebhooks`. */
  hooks: Pick<Webhooks, "handle">;
  /** The largest body accepted, in bytes (default 5 MiB). Keep it equal to the router's. */
  maxBodyBytes?: number;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function toWebhookRequest(request: FastifyRequest, body: unknown): WebhookRequest {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(0);
  return {
    method: request.method.toUpperCase(),
    url: `${request.protocol}://${request.host}${request.url}`,
    headers: toHeaders(request.raw),
    body: bytes,
  };
}

async function send(reply: FastifyReply, response: Response, method: string): Promise<FastifyReply> {
  reply.code(response.status);
  response.headers.forEach((value, key) => {
    if (key !== "content-length" && key !== "set-cookie") reply.header(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header("set-cookie", cookies);
  if (method === "HEAD") {
    await response.body?.cancel();
    return reply.send();
  }
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

/**
 * A Fastify 5 plugin that serves Hookwire's router at `<prefix>/:receiver`. Inside its own
 * encapsulated scope it replaces every content-type parser with a raw-Buffer one (with the body
 * limit), so signatures are checked over the exact bytes while the app's JSON parser keeps working
 * on every other route.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { webhookPlugin } from "@hookwire/fastify";
 *
 * const app = Fastify();
 * await app.register(webhookPlugin, { hooks, prefix: "/webhooks" }); // POST /webhooks/github
 * await app.listen({ port: 3000 });
 * ```
 */
export const webhookPlugin: FastifyPluginAsync<WebhookPluginOptions> = async (fastify, options) => {
  if (!options?.hooks || typeof options.hooks.handle !== "function") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      '[@hookwire/fastify] webhookPlugin needs the router: app.register(webhookPlugin, { hooks, prefix: "/webhooks" }).',
    );
  }
  const limit = options.maxBodyBytes;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[@hookwire/fastify] maxBodyBytes must be a positive whole number of bytes, got ${String(limit)}. Pass e.g. { hooks, maxBodyBytes: 5 * 1024 * 1024 }, the same as createWebhooks().`,
    );
  }
  const bodyLimit = limit ?? 5 * 1024 * 1024;
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  fastify.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const coded = WebhookError.isInstance(error)
      ? error
      : error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? new WebhookError(
            "PAYLOAD_TOO_LARGE",
            `[@hookwire/fastify] The request body is larger than ${bodyLimit} bytes. Raise maxBodyBytes if this provider sends larger bodies.`,
          )
        : error.statusCode !== undefined && error.statusCode < 500
          ? new WebhookError("PAYLOAD_INVALID", `[@hookwire/fastify] ${error.message}`, {
              status: error.statusCode,
            })
          : new WebhookError("INTERNAL_ERROR", "[@hookwire/fastify] The request failed.", { cause: error });
    if (coded.status === 413) reply.header("connection", "close");
    return send(reply, coded.toResponse(), request.method);
  });

  const handler = async (request: FastifyRequest<{ Params: { receiver: string } }>, reply: FastifyReply) => {
    const response = await options.hooks.handle(toWebhookRequest(request, request.body), {
      receiver: request.params.receiver,
    });
    return send(reply, response, request.method);
  };
  fastify.route({ method: [...METHODS], url: "/:receiver", exposeHeadRoute: false, bodyLimit, handler });
};
