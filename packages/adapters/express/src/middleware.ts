import type { IncomingMessage, ServerResponse } from "node:http";
import { WebhookError, type Webhooks } from "@hookwire/core";
import { handleNodeRequest } from "@hookwire/core/node";

/** Options of {@link webhookMiddleware}. */
export interface WebhookMiddlewareOptions {
  /** The largest body accepted, in bytes (default: the router's, 5 MiB). Keep it equal to the router's. */
  maxBodyBytes?: number;
  /** Always use this receiver instead of the last path segment (`app.post("/stripe", webhookMiddleware(hooks, { receiver: "stripe" }))`). */
  receiver?: string;
  /** Trust `X-Forwarded-Proto`/`-Host` for the request URL (behind your own proxy). */
  trustProxy?: boolean;
}

/** The raw-body fix, in every `RAW_BODY_UNAVAILABLE` message from this adapter. */
const HINT =
  'Mount app.use("/webhooks", webhookMiddleware(hooks)) before express.json()/express.urlencoded()/express.text(), or keep the raw bytes with express.json({ verify: captureRawBody() }) from @hookwire/express.';

/**
 * Express middleware (Express 4 and 5) that hands requests to Hookwire's router. The receiver is the
 * last path segment: mounted at `/webhooks`, `POST /webhooks/github` goes to the `github` receiver.
 *
 * It reads the raw body itself, or uses the bytes a parser kept (`express.raw()`, or `req.rawBody`
 * from {@link captureRawBody}). If a parser consumed the body and kept nothing, it answers 500
 * `RAW_BODY_UNAVAILABLE` with the fix — never a misleading signature error.
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
  hooks: Pick<Webhooks, "handle">,
  options: WebhookMiddlewareOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  if (!hooks || typeof hooks.handle !== "function") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      '[@hookwire/express] webhookMiddleware needs the router from createWebhooks(): app.use("/webhooks", webhookMiddleware(hooks)).',
    );
  }
  const limit = options.maxBodyBytes;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[@hookwire/express] maxBodyBytes must be a positive whole number of bytes, got ${String(limit)}. Pass e.g. { maxBodyBytes: 5 * 1024 * 1024 }, the same as createWebhooks().`,
    );
  }
  return (req, res, next) => {
    handleNodeRequest(hooks, req, res, {
      rawBodyHint: HINT,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(options.receiver === undefined ? {} : { receiver: options.receiver }),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    }).catch(next);
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
