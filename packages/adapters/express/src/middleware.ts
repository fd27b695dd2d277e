import type { IncomingMessage, ServerResponse } from "node:http";
import { WebhookError } from "@hookwire/core";
import {
  assertNoAdapterLimit,
  failNodeRequest,
  handleNodeRequest,
  type NodeAdapterOptions,
  type NodeHandlerOptions,
  type NodeRouter,
} from "@hookwire/core/node";

/**
 * Options of {@link webhookMiddleware}: the options every Hookwire Node adapter shares. The body
 * limit is the router's (`createWebhooks({ maxBodyBytes })`).
 */
export interface WebhookMiddlewareOptions extends NodeAdapterOptions {}

/** The raw-body fix, in every `RAW_BODY_UNAVAILABLE` message from this adapter, naming the real mount path. */
function hint(req: IncomingMessage): string {
  const mount = (req as IncomingMessage & { baseUrl?: string }).baseUrl || "/";
  return `Mount app.use("${mount}", webhookMiddleware(hooks)) before express.json()/express.urlencoded()/express.text(), or keep the raw bytes with express.json({ verify: captureRawBody() }) from @hookwire/express.`;
}

/**
 * Express middleware (Express 4 and 5) that hands requests to Hookwire's router. The receiver is the
 * last path segment: mounted at `/webhooks`, `POST /webhooks/github` goes to the `github` receiver
 * (and `POST /webhooks/kudu/{id}` to `kudu` with `request.params.id`).
 *
 * It reads the raw body itself — only after the receiver and method are known — or uses the bytes a
 * parser kept (`express.raw()`, or `req.rawBody` from {@link captureRawBody}). If a parser consumed
 * the body and kept nothing, it answers 500 `RAW_BODY_UNAVAILABLE` with the fix (and tells `onError`)
 * — never a misleading signature error.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { webhookMiddleware } from "@hookwire/express";
 *
 * const app = express();
 * app.use("/webhooks", webhookMiddleware(hooks)); // before app.use(express.json())
 * app.use(express.json());
 * app.listen(3000);
 * ```
 */
export function webhookMiddleware(
  hooks: NodeRouter,
  options: WebhookMiddlewareOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  if (!hooks || typeof hooks.handle !== "function") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      '[@hookwire/express] webhookMiddleware needs the router from createWebhooks(): app.use("/webhooks", webhookMiddleware(hooks)).',
    );
  }
  assertNoAdapterLimit(options, "@hookwire/express");
  const settings: NodeHandlerOptions = { ...options, rawBodyHint: hint };
  return (req, res) => {
    handleNodeRequest(hooks, req, res, settings).catch((error: unknown) =>
      failNodeRequest(hooks, req, res, error, "@hookwire/express"),
    );
  };
}

/**
 * A `verify` callback for Express's body parsers that keeps the raw bytes on `req.rawBody`, for apps
 * that must run a global parser before the webhook route. Hookwire then verifies over those bytes.
 *
 * @example
 * ```ts
 * app.use(express.json({ verify: captureRawBody() }));
 * app.use("/webhooks", webhookMiddleware(hooks));
 * ```
 */
export function captureRawBody(): (req: IncomingMessage, res: ServerResponse, buffer: Buffer) => void {
  return (req, _res, buffer) => {
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
  };
}
