import type { HandleOptions, Webhooks } from "@hookwire/core";

/** Options of {@link createRouteHandlers}. */
export interface RouteHandlerOptions {
  /** Always use this receiver (for a route like `app/webhooks/github/route.ts`). */
  receiver?: string;
  /**
   * Keep the function alive for handlers that outlive the response (with `respondWithin`):
   * pass `after` from `next/server`, or your platform's `waitUntil`.
   */
  waitUntil?: HandleOptions["waitUntil"];
}

/** The second argument Next.js passes to route handlers (params are a promise since Next 15). */
export interface RouteContext {
  params?:
    | Promise<Record<string, string | string[] | undefined>>
    | Record<string, string | string[] | undefined>;
}

/** A Next.js route handler. */
export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/**
 * Route handlers for the App Router: export them from `app/webhooks/[receiver]/route.ts`. The
 * receiver is the `[receiver]` param (or the last path segment, or `options.receiver`). Route
 * handlers get the Web `Request` untouched, so the raw body is always available.
 *
 * @example
 * ```ts
 * // app/webhooks/[receiver]/route.ts
 * import { createRouteHandlers } from "@hookwire/next";
 * import { hooks } from "@/lib/webhooks";
 *
 * export const { GET, HEAD, POST } = createRouteHandlers(hooks);
 * // (export PUT, PATCH and DELETE too if you want Hookwire's JSON 405 instead of Next's empty one)
 * ```
 */
export function createRouteHandlers(
  hooks: Pick<Webhooks, "handle">,
  options: RouteHandlerOptions = {},
): Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler> {
  const handler: RouteHandler = async (request, context) => {
    let receiver = options.receiver;
    let id: string | undefined;
    if (context?.params) {
      const params = await context.params;
      const last = (value: string | string[] | undefined) =>
        Array.isArray(value) ? value[value.length - 1] : value;
      receiver ??= last(params.receiver);
      id = last(params.id);
    }
    return hooks.handle(request, {
      ...(receiver === undefined ? {} : { receiver }),
      ...(id === undefined ? {} : { id }),
      ...(options.waitUntil ? { waitUntil: options.waitUntil } : {}),
    });
  };
  // PUT/PATCH/DELETE are there for routes that export them too, so Hookwire answers 405 with its JSON error.
  return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
