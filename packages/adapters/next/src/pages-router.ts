import type { IncomingMessage, ServerResponse } from "node:http";
import type { Webhooks } from "@hookwire/core";
import { handleNodeRequest } from "@hookwire/core/node";

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

/** Options of {@link createPagesHandler}. */
export interface PagesHandlerOptions {
  /** Always use this receiver instead of the `[receiver]` query param or the last path segment. */
  receiver?: string;
  /** The largest body accepted, in bytes (default 5 MiB). */
  maxBodyBytes?: number;
}

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
  hooks: Pick<Webhooks, "handle">,
  options: PagesHandlerOptions = {},
): (
  req: IncomingMessage & { query?: Record<string, string | string[] | undefined> },
  res: ServerResponse,
) => Promise<void> {
  return async (req, res) => {
    const fromQuery = req.query?.receiver;
    const receiver =
      options.receiver ?? (Array.isArray(fromQuery) ? fromQuery[fromQuery.length - 1] : fromQuery);
    await handleNodeRequest(hooks, req, res, {
      rawBodyHint: HINT,
      ...(receiver === undefined ? {} : { receiver }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    });
  };
}
