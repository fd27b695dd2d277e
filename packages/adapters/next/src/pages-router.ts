import type { IncomingMessage, ServerResponse } from "node:http";
import {
  assertNoAdapterLimit,
  failNodeRequest,
  handleNodeRequest,
  type NodeAdapterOptions,
  type NodeHandlerOptions,
  type NodeRouter,
} from "@hookwire/core/node";

/**
 * The Pages Router config a webhook API route needs: Next's body parser must stay off so the raw
 * bytes reach Hookwire. Write it literally in the page (Next reads it statically):
 * `export const config = { api: { bodyParser: false } };`
 *
 * @example
 * ```ts
 * // pages/api/webhooks/[receiver].ts
 * export const config = { api: { bodyParser: false } };
 * ```
 */
export const config = { api: { bodyParser: false } } as const;

const HINT =
  "Turn off Next's body parser for this API route: add `export const config = { api: { bodyParser: false } };` to the page file.";

/**
 * Options of {@link createPagesHandler}: the options every Hookwire Node adapter shares (`receiver`
 * pins one instead of the `[receiver]` query param or the last path segment). The body limit is the
 * router's (`createWebhooks({ maxBodyBytes })`).
 */
export interface PagesHandlerOptions extends NodeAdapterOptions {}

/**
 * An API route handler for the Pages Router: `pages/api/webhooks/[receiver].ts`. If the page forgot
 * `export const config = { api: { bodyParser: false } }`, Next has consumed the body and the answer is
 * 500 `RAW_BODY_UNAVAILABLE` saying exactly that — never a misleading signature error.
 *
 * @example
 * ```ts
 * // pages/api/webhooks/[receiver].ts
 * import { createPagesHandler } from "@hookwire/next";
 * import { hooks } from "../../../lib/webhooks";
 *
 * export const config = { api: { bodyParser: false } };
 * export default createPagesHandler(hooks);
 * ```
 */
export function createPagesHandler(
  hooks: NodeRouter,
  options: PagesHandlerOptions = {},
): (
  req: IncomingMessage & { query?: Record<string, string | string[] | undefined> },
  res: ServerResponse,
) => Promise<void> {
  assertNoAdapterLimit(options, "@hookwire/next");
  const last = (value: string | string[] | undefined) =>
    Array.isArray(value) ? value[value.length - 1] : value;
  return async (req, res) => {
    const receiver = options.receiver ?? last(req.query?.receiver);
    const id = last(req.query?.id);
    // One plain object per request (no spreads): this runs for every webhook.
    const settings = {
      rawBodyHint: HINT,
      trustProxy: options.trustProxy,
      waitUntil: options.waitUntil,
      receiver,
      id,
    } as NodeHandlerOptions;
    await handleNodeRequest(hooks, req, res, settings).catch((error: unknown) =>
      failNodeRequest(hooks, req, res, error, "@hookwire/next"),
    );
  };
}
