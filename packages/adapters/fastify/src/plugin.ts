import { WebhookError } from "@hookwire/core";
import {
  assertNoAdapterLimit,
  failNodeRequest,
  handleNodeRequest,
  type NodeAdapterOptions,
  type NodeHandlerOptions,
  type NodeRouter,
} from "@hookwire/core/node";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

/**
 * Options of {@link webhookPlugin} (plus Fastify's own `prefix`): the router and the options every
 * Hookwire Node adapter shares. The body limit is the router's (`createWebhooks({ maxBodyBytes })`);
 * the request URL comes from Fastify's own view of the request (its `trustProxy` setting).
 */
export interface WebhookPluginOptions extends Omit<NodeAdapterOptions, "trustProxy"> {
  /** The router from `createWebhooks`. */
  hooks: NodeRouter;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * A Fastify 5 plugin that serves Hookwire's router at `<prefix>/:receiver` (and
 * `<prefix>/:receiver/:id`, the ASP.NET WebHooks shape). Inside its own encapsulated scope it
 * replaces every content-type parser with one that reads nothing: the raw stream goes to
 * `@hookwire/core/node`, the bridge every Node adapter uses, which reads it — with the router's body
 * limit, and only after the receiver and method are known — and writes the answer. The app's JSON
 * parser keeps working on every other route.
 *
 * The answer is written by the bridge (Fastify's `reply.hijack()`), so `onSend` hooks do not see
 * webhook answers; `onRequest` and `preHandler` hooks run as usual.
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
  assertNoAdapterLimit(options, "@hookwire/fastify");
  const { hooks } = options;
  const shared: NodeHandlerOptions = {
    rawBodyHint: "Register webhookPlugin in its own scope, before any plugin that reads request bodies.",
    ...(options.receiver === undefined ? {} : { receiver: options.receiver }),
    ...(options.waitUntil === undefined ? {} : { waitUntil: options.waitUntil }),
  };
  // Failures Fastify raises itself before the handler (a malformed request, …): coded, reported to
  // onError and answered through the same bridge as every other refusal.
  fastify.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    reply.hijack();
    const coded = WebhookError.isInstance(error)
      ? error
      : error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? new WebhookError(
            "PAYLOAD_TOO_LARGE",
            "[@hookwire/fastify] The request body is too large. Raise createWebhooks({ maxBodyBytes }) if this provider sends larger bodies.",
          )
        : error.statusCode !== undefined && error.statusCode < 500
          ? new WebhookError("PAYLOAD_INVALID", `[@hookwire/fastify] ${error.message}`, {
              status: error.statusCode,
              cause: error,
            })
          : new WebhookError("INTERNAL_ERROR", "[@hookwire/fastify] The request failed.", { cause: error });
    return failNodeRequest(hooks, request.raw, reply.raw, coded, "@hookwire/fastify");
  });
  fastify.removeAllContentTypeParsers();
  // Read nothing: the bridge reads the raw stream when the router asks for the body.
  fastify.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
  const handler = (
    request: FastifyRequest<{ Params: { receiver: string; id?: string } }>,
    reply: FastifyReply,
  ) => {
    reply.hijack();
    const { receiver, id } = request.params;
    // One plain object per request (no spreads): this runs for every webhook.
    const settings = {
      rawBodyHint: shared.rawBodyHint,
      waitUntil: shared.waitUntil,
      receiver: shared.receiver ?? receiver,
      id,
      origin: `${request.protocol}://${request.host}`,
      path: request.url,
    } as NodeHandlerOptions;
    return handleNodeRequest(hooks, request.raw, reply.raw, settings).catch((error: unknown) =>
      failNodeRequest(hooks, request.raw, reply.raw, error, "@hookwire/fastify"),
    );
  };
  fastify.route({ method: [...METHODS], url: "/:receiver", exposeHeadRoute: false, handler });
  fastify.route({ method: [...METHODS], url: "/:receiver/:id", exposeHeadRoute: false, handler });
};
