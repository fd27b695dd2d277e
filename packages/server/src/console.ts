import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqualString, WebhookError, type WebhookRequest } from "@hookwire/core";
import { createNodeHandler } from "@hookwire/core/node";
import type { DeliveryStatus, HookwireSender, SenderEvents } from "@hookwire/sender";
import { type ApiKey, createManagementApi, type ManagementApi } from "./api.js";
import { createMetrics, type Metrics } from "./metrics.js";
import {
  CONSOLE_ROUTES,
  consoleRoutes,
  matchRoute,
  openApiDocument,
  PAGE_ROUTES,
  pageApiRoutes,
  type RouteSpec,
} from "./openapi.js";
import { listDeliveries, recoverDeliveries } from "./queries.js";
import {
  newCsrf,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionKeyFrom,
  type TokenClaims,
  tokenSigner,
} from "./session.js";
import { createStats } from "./stats.js";
import { CLIENT_CSS, CLIENT_JS } from "./ui/assets.generated.js";
import { pageHtml } from "./ui/page.js";

const PACKAGE = "@hookwire/server";

/**
 * Options of {@link createConsole}.
 *
 * @example
 * ```ts
 * const options: ConsoleOptions = { sender, apiKeys: [{ key }], portalFrameAncestors: ["https://app.example.com"] };
 * ```
 */
export interface ConsoleOptions {
  sender: HookwireSender;
  /** The API keys (as for the management API); an operator signs in to the dashboard with one. */
  apiKeys: readonly ApiKey[];
  /** The management API to serve beside the pages (default: one made from `sender` and `apiKeys`). */
  api?: ManagementApi;
  /** The base path everything is mounted at (default none). */
  basePath?: string;
  /** The largest request body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Dashboard session lifetime in seconds (default 8 hours). */
  sessionTtlS?: number;
  /**
   * Origins allowed to embed the customer portal in an iframe (CSP `frame-ancestors`), e.g.
   * `["https://app.example.com"]`. Default none: the portal cannot be framed. The dashboard never can.
   */
  portalFrameAncestors?: readonly string[];
  /** The public origin portal links point to (`https://hooks.example.com`); default the request's own. */
  publicUrl?: string;
  /** Key that signs sessions and portal links (default derived from the API keys). */
  sessionKey?: Uint8Array;
  /** Serve Prometheus `/metrics` (behind an API key; default true). */
  metrics?: boolean;
}

/**
 * The dispatcher's HTTP face: the management API plus the operator dashboard (`/ui`), the customer
 * portal (`/portal`, opened by `POST /v1/portal-links`), Prometheus `/metrics` and `/health`.
 *
 * @example
 * ```ts
 * const console = createConsole({ sender, apiKeys: [{ key }] });
 * http.createServer(console.node).listen(8080); // or console.fetch(request) in any fetch runtime
 * ```
 */
export interface Console {
  /** Web `Request` in, `Response` out (live updates are a streamed `text/event-stream` body). */
  fetch(request: Request): Promise<Response>;
  /** The same for Hookwire's adapters (buffered answers: mount the live stream through `node` or `fetch`). */
  handle(request: Request | WebhookRequest): Promise<Response>;
  /** A Node `http` listener that also streams live updates. */
  node(req: IncomingMessage, res: ServerResponse): void;
  readonly metrics: Metrics | undefined;
  /** Every route it answers: the list its router dispatches on and its OpenAPI document describes. */
  readonly routes: readonly RouteSpec[];
  /** Stop listening to the sender (metrics, live streams). */
  close(): void;
}

type Claims = TokenClaims;

function fail(code: ConstructorParameters<typeof WebhookError>[0], message: string): never {
  throw new WebhookError(code, `[${PACKAGE}] ${message}`);
}

function notAllowed(method: string, path: string, allow: readonly string[]): never {
  throw new WebhookError("METHOD_NOT_ALLOWED", `[${PACKAGE}] ${method} is not allowed on ${path}.`, {
    headers: { allow: allow.join(", ") },
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

const STATUSES = ["pending", "delivered", "failed"];

function timeParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n)) fail("VALIDATION_FAILED", `${name} is a time (ms since epoch or ISO 8601).`);
  return n;
}

function timeField(body: Record<string, unknown>, name: string): number | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null || raw === "") return undefined;
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(n)) fail("VALIDATION_FAILED", `${name} is a time (ms since epoch or ISO 8601).`);
  return n;
}

/** A JSON object body with no other fields than `allowed`. */
async function readBody(
  request: Request,
  maxBytes: number,
  allowed: readonly string[],
): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    fail("UNSUPPORTED_MEDIA_TYPE", "Send JSON with Content-Type: application/json.");
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    fail("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail("PAYLOAD_INVALID", "The body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail("VALIDATION_FAILED", "The body must be a JSON object.");
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    fail(
      "VALIDATION_FAILED",
      `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Allowed: ${allowed.join(", ")}.`,
    );
  return value as Record<string, unknown>;
}

function securityHeaders(frameAncestors: string): Record<string, string> {
  return {
    "content-security-policy": [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join("; "),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    ...(frameAncestors === "'none'" ? { "x-frame-options": "DENY" } : {}),
  };
}

/**
 * One CSP `frame-ancestors` source: `'self'`, a scheme (`https:`) or a host source
 * (`https://app.example.com`, `https://*.example.com:8443`). Nothing that could end the directive
 * (`;`, `,`, spaces, other quotes).
 */
const FRAME_SOURCE =
  /^(?:'self'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:\d{1,5}|\*))?(?:\/[^\s;,'"]*)?)$/i;

/**
 * Whether `source` may go in the portal's `frame-ancestors` (what `portalFrameAncestors` accepts).
 *
 * @example
 * ```ts
 * isFrameAncestorSource("https://app.example.com"); // true
 * isFrameAncestorSource("https://a.example; script-src *"); // false
 * ```
 */
export function isFrameAncestorSource(source: string): boolean {
  return FRAME_SOURCE.test(source);
}

/** The delivery events streamed to pages. */
const LIVE_EVENTS = [
  "delivery.succeeded",
  "delivery.attempt_failed",
  "delivery.failed",
  "delivery.requeued",
] as const satisfies readonly (keyof SenderEvents)[];

/**
 * Create the dashboard, portal, metrics and health routes around the management API.
 *
 * @example
 * ```ts
 * import { createConsole } from "@hookwire/server";
 *
 * const console = createConsole({ sender, apiKeys: [{ key: process.env.HOOKWIRE_API_KEY! }], basePath: "/hookwire" });
 * app.use("/hookwire", (req, res) => console.node(req, res)); // Express: dashboard at /hookwire/ui
 * ```
 */
export function createConsole(options: ConsoleOptions): Console {
  const { sender, apiKeys } = options;
  const base = (options.basePath ?? "").replace(/\/+$/, "");
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;

  /** `POST …/subscriptions/:id/recover {since, until?}`: shared by the API route and the pages' route. */
  async function recover(
    request: Request,
    owner: Parameters<typeof recoverDeliveries>[1]["owner"],
    subscriptionId: string,
  ): Promise<Response> {
    const body = await readBody(request, maxBytes, ["since", "until"]);
    const since = timeField(body, "since");
    if (since === undefined) fail("VALIDATION_FAILED", "since is required.");
    const until = timeField(body, "until");
    return json(
      200,
      await recoverDeliveries(sender, {
        owner,
        subscriptionId,
        since,
        ...(until === undefined ? {} : { until }),
      }),
    );
  }
  const api = options.api ?? createManagementApi({ sender, apiKeys, maxBodyBytes: maxBytes, basePath: base });
  const signer = tokenSigner(options.sessionKey ? Buffer.from(options.sessionKey) : sessionKeyFrom(apiKeys));
  const sessionTtl = (options.sessionTtlS ?? 8 * 3600) * 1000;
  const badSource = options.portalFrameAncestors?.find((source) => !isFrameAncestorSource(source));
  if (badSource !== undefined)
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] portalFrameAncestors: ${JSON.stringify(badSource)} is not a frame-ancestors source; give origins such as "https://app.example.com", "https://*.example.com" or "'self'" (none for no framing).`,
    );
  const portalAncestors = options.portalFrameAncestors?.length
    ? options.portalFrameAncestors.join(" ")
    : "'none'";
  const metrics = options.metrics === false ? undefined : createMetrics(sender);
  const stats = createStats(sender);

  // One internal management API per owner, reached with a key that never leaves this process: the
  // pages call the same validated routes as API clients, scoped to the session's owner.
  const internalKey = randomBytes(24).toString("base64url");
  const scoped = new Map<string, ManagementApi>();
  function apiFor(owner: string): ManagementApi {
    let found = scoped.get(owner);
    if (!found) {
      found = createManagementApi({ sender, apiKeys: [{ key: internalKey, owner }], maxBodyBytes: maxBytes });
      if (scoped.size > 1000) scoped.clear();
      scoped.set(owner, found);
    }
    return found;
  }

  function apiKeyOwner(request: Request): string | undefined {
    const match = /^Bearer\s+(.+)$/i.exec((request.headers.get("authorization") ?? "").trim());
    if (!match) return undefined;
    let owner: string | undefined;
    for (const key of apiKeys) {
      if (timingSafeEqualString(match[1]!, key.key) && owner === undefined) owner = key.owner ?? "";
    }
    return owner;
  }
  function requireKey(request: Request): string {
    const owner = apiKeyOwner(request);
    if (owner === undefined) fail("UNAUTHORIZED", "Send Authorization: Bearer <api key>.");
    return owner;
  }

  function sameOrigin(request: Request, url: URL): boolean {
    const origin = request.headers.get("origin");
    if (origin !== null) return origin === url.origin;
    const site = request.headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }

  // ---- live updates -------------------------------------------------------------------------
  type Listener = (owner: string, name: string, data: unknown) => void;
  const liveListeners = new Set<Listener>();
  const unsubscribe: (() => void)[] = [];
  for (const name of LIVE_EVENTS) {
    unsubscribe.push(
      sender.on(name, (payload) => {
        for (const l of liveListeners) l(payload.delivery.owner, name, payload);
      }),
    );
  }
  for (const name of ["subscription.created", "subscription.updated", "subscription.disabled"] as const) {
    unsubscribe.push(
      sender.on(name, (payload) => {
        for (const l of liveListeners) l(payload.subscription.owner, name, payload);
      }),
    );
  }
  unsubscribe.push(
    sender.on("event.published", ({ event, deliveries }) => {
      const data = {
        event: { id: event.id, type: event.type, owner: event.owner, createdAt: event.createdAt },
        deliveries,
      };
      for (const l of liveListeners) l(event.owner, "event.published", data);
    }),
  );

  function stream(owner: string, signal: AbortSignal): Response {
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        const listener: Listener = (eventOwner, name, data) => {
          if (eventOwner !== owner) return;
          send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const heartbeat = setInterval(() => send(": keep-alive\n\n"), 15_000);
        heartbeat.unref?.();
        cleanup = () => {
          liveListeners.delete(listener);
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        liveListeners.add(listener);
        signal.addEventListener("abort", cleanup, { once: true });
        send("event: ready\ndata: {}\n\n");
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  async function deliveriesPage(url: URL, owner: string): Promise<Response> {
    const status = url.searchParams.get("status") || undefined;
    if (status !== undefined && !STATUSES.includes(status))
      fail("VALIDATION_FAILED", "status is pending, delivered or failed.");
    const since = timeParam(url, "since");
    const until = timeParam(url, "until");
    const limit = Number(url.searchParams.get("limit") ?? 50);
    return json(
      200,
      await listDeliveries(sender, {
        owner,
        limit: Number.isFinite(limit) ? limit : 50,
        ...(status ? { status: status as DeliveryStatus } : {}),
        ...(url.searchParams.get("eventType") ? { eventType: url.searchParams.get("eventType")! } : {}),
        ...(url.searchParams.get("subscriptionId")
          ? { subscriptionId: url.searchParams.get("subscriptionId")! }
          : {}),
        ...(url.searchParams.get("cursor") ? { cursor: url.searchParams.get("cursor")! } : {}),
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
      }),
    );
  }

  /** What a pages' route handler gets. */
  interface PageCall {
    request: Request;
    url: URL;
    rest: string[];
    params: Record<string, string>;
    claims: Claims;
  }
  type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never;
  const pageHandlers = {
    "get /session": async ({ claims }) =>
      json(200, { kind: claims.kind, owner: claims.owner, csrf: claims.csrf, expiresAt: claims.exp }),
    "get /stream": async ({ request, claims }) => stream(claims.owner, request.signal),
    "get /stats": async ({ url, claims }) => {
      const subscriptionId = url.searchParams.get("subscriptionId") || undefined;
      return json(200, { bucketMs: stats.bucketMs, series: stats.series(claims.owner, subscriptionId) });
    },
    "get /deliveries": async ({ url, claims }) => deliveriesPage(url, claims.owner),
    "post /subscriptions/{id}/recover": async ({ request, params, claims }) =>
      recover(request, claims.owner, params.id!),
  } satisfies Record<KeyOf<(typeof PAGE_ROUTES)[number]>, (call: PageCall) => Promise<Response>>;

  /** A management API route reached from a page: sent to the API scoped to the page's owner. */
  async function forward({ request, url, rest, claims }: PageCall): Promise<Response> {
    const method = request.method.toUpperCase();
    const target = new URL(`http://hookwire.internal/${rest.map(encodeURIComponent).join("/")}`);
    target.search = url.search;
    const hasBody = method !== "GET" && method !== "HEAD" && method !== "DELETE";
    const forwarded = new Request(target, {
      method,
      headers: {
        authorization: `Bearer ${internalKey}`,
        ...(hasBody ? { "content-type": request.headers.get("content-type") ?? "" } : {}),
      },
      ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    });
    const answer = await apiFor(claims.owner).fetch(forwarded);
    const headers = new Headers(answer.headers);
    headers.set("cache-control", "no-store");
    return new Response(answer.body, { status: answer.status, headers });
  }

  const pageTables = {
    operator: [...PAGE_ROUTES, ...pageApiRoutes("dashboard")],
    portal: [...PAGE_ROUTES, ...pageApiRoutes("portal")],
  };

  // ---- the pages' API (dashboard session or portal token) ------------------------------------
  async function pageApi(request: Request, url: URL, rest: string[], claims: Claims): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "HEAD") {
      const given = request.headers.get("x-csrf-token") ?? "";
      if (!given || !timingSafeEqualString(given, claims.csrf) || !sameOrigin(request, url))
        fail("UNAUTHORIZED", "Missing or wrong CSRF token (x-csrf-token) for a change.");
    }
    if (claims.kind === "portal" && rest.join("/") === "v1/event-types" && method === "POST")
      fail("UNAUTHORIZED", "The portal cannot define event types.");
    if (rest.some((part) => part === "." || part === ".." || part.includes("/")))
      fail("NOT_FOUND", `No route ${method} ${url.pathname}.`);
    const found = matchRoute(pageTables[claims.kind], method, rest);
    if (!found) fail("NOT_FOUND", `No route ${method} ${url.pathname}.`);
    if ("allow" in found) notAllowed(method, url.pathname, found.allow);
    const { route: spec, params } = found;
    const call: PageCall = { request, url, rest, params, claims };
    const handler: ((call: PageCall) => Promise<Response>) | undefined =
      pageHandlers[`${spec.method} ${spec.path}` as keyof typeof pageHandlers];
    return handler ? handler(call) : forward(call);
  }

  function page(kind: "dashboard" | "portal", prefix: string): Response {
    return new Response(pageHtml(kind, prefix), {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        ...securityHeaders(kind === "portal" ? portalAncestors : "'none'"),
      },
    });
  }

  function asset(name: string, ancestors: string): Response | undefined {
    const body = name === "app.js" ? CLIENT_JS : name === "app.css" ? CLIENT_CSS : undefined;
    if (body === undefined) return undefined;
    return new Response(body, {
      headers: {
        "content-type": name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
        "cache-control": "no-cache",
        ...securityHeaders(ancestors),
      },
    });
  }

  /** What a console route handler gets. */
  interface ConsoleCall {
    request: Request;
    url: URL;
    params: Record<string, string>;
  }
  const health = async ({ request }: ConsoleCall) => {
    const owner = apiKeyOwner(request);
    if (owner === undefined) return json(200, { status: "ok" });
    return json(200, { status: "ok", deliveries: await sender.deliveries.counts(owner ? { owner } : {}) });
  };
  const uiCookiePath = `${base}/ui`;
  // One handler per route of CONSOLE_ROUTES (the compiler checks there is exactly one each).
  const handlers = {
    "get /health": health,
    "head /health": health,
    "get /v1/openapi.json": async ({ url }) => json(200, openApiDocument(`${url.origin}${base}`, routes)),
    "get /metrics": async ({ request }) => {
      requireKey(request);
      return new Response(await metrics!.render(), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
      });
    },
    "post /v1/portal-links": async ({ request, url }) => {
      const keyOwner = requireKey(request);
      const body = await readBody(request, maxBytes, ["owner", "expiresIn"]);
      const owner = body.owner ?? keyOwner;
      if (typeof owner !== "string") fail("VALIDATION_FAILED", "owner must be a string.");
      if (keyOwner !== "" && owner !== keyOwner)
        fail("NOT_FOUND", "This API key can open a portal only for its own owner.");
      const expiresIn = body.expiresIn ?? 3600;
      if (
        typeof expiresIn !== "number" ||
        !Number.isInteger(expiresIn) ||
        expiresIn < 60 ||
        expiresIn > 7 * 86400
      )
        fail("VALIDATION_FAILED", "expiresIn is a number of seconds from 60 to 604800.");
      const exp = Date.now() + expiresIn * 1000;
      const token = signer.sign({ kind: "portal", owner, exp, csrf: newCsrf() });
      const origin = (options.publicUrl ?? url.origin).replace(/\/+$/, "");
      return json(201, { url: `${origin}${base}/portal#${token}`, owner, expiresAt: exp });
    },
    "get /v1/deliveries": async ({ request, url }) =>
      // the filters the management API alone does not have
      ["subscriptionId", "eventType", "since", "until"].some((k) => url.searchParams.has(k))
        ? deliveriesPage(url, requireKey(request))
        : api.fetch(request),
    "post /v1/subscriptions/{id}/recover": async ({ request, params }) =>
      recover(request, requireKey(request), params.id!),
    "get /ui": async () => page("dashboard", `${base}/ui`),
    "get /ui/{asset}": async ({ params, url }) =>
      asset(params.asset!, "'none'") ?? fail("NOT_FOUND", `No ${url.pathname}.`),
    "post /ui/api/login": async ({ request, url }) => {
      if (!sameOrigin(request, url)) fail("UNAUTHORIZED", "Sign in from the dashboard's own page.");
      const body = await readBody(request, maxBytes, ["key"]);
      const key = typeof body.key === "string" ? body.key : "";
      let owner: string | undefined;
      for (const k of apiKeys)
        if (timingSafeEqualString(key, k.key) && owner === undefined) owner = k.owner ?? "";
      if (owner === undefined) fail("UNAUTHORIZED", "The API key is not valid.");
      const claims: Claims = { kind: "operator", owner, exp: Date.now() + sessionTtl, csrf: newCsrf() };
      return json(
        200,
        { owner, csrf: claims.csrf, expiresAt: claims.exp },
        {
          "set-cookie": sessionCookie(signer.sign(claims), {
            path: uiCookiePath,
            secure: url.protocol === "https:",
            maxAgeS: Math.floor(sessionTtl / 1000),
          }),
        },
      );
    },
    "post /ui/api/logout": async ({ request, url }) => {
      const claims = operatorSession(request);
      const given = request.headers.get("x-csrf-token") ?? "";
      if (!timingSafeEqualString(given, claims.csrf)) fail("UNAUTHORIZED", "Missing or wrong CSRF token.");
      return new Response(null, {
        status: 204,
        headers: {
          "set-cookie": sessionCookie("", {
            path: uiCookiePath,
            secure: url.protocol === "https:",
            maxAgeS: 0,
          }),
        },
      });
    },
    "get /portal": async () => page("portal", `${base}/portal`),
    "get /portal/{asset}": async ({ params, url }) =>
      asset(params.asset!, portalAncestors) ?? fail("NOT_FOUND", `No ${url.pathname}.`),
  } satisfies Record<KeyOf<(typeof CONSOLE_ROUTES)[number]>, (call: ConsoleCall) => Promise<Response>>;

  const ownRoutes = CONSOLE_ROUTES.filter((r) => metrics || r.path !== "/metrics");
  /** Everything this console answers (what its OpenAPI document describes). */
  const routes = consoleRoutes({ metrics: metrics !== undefined });

  function operatorSession(request: Request): Claims {
    const claims = signer.verify(readCookie(request.headers.get("cookie"), SESSION_COOKIE), "operator");
    if (!claims) fail("UNAUTHORIZED", "Sign in to the dashboard.");
    return claims;
  }

  async function route(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    let path = url.pathname.replace(/\/+$/, "") || "/";
    if (base && path.startsWith(base)) path = path.slice(base.length) || "/";
    const method = request.method.toUpperCase();
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);

    const found = matchRoute(ownRoutes, method, parts);
    if (found && "route" in found) {
      const handler: (call: ConsoleCall) => Promise<Response> =
        handlers[`${found.route.method} ${found.route.path}` as keyof typeof handlers];
      return handler({ request, url, params: found.params });
    }
    // the pages' API: the session's or the portal link's owner
    if (parts[0] === "ui" && parts[1] === "api" && parts.length > 2 && !found)
      return pageApi(request, url, parts.slice(2), operatorSession(request));
    if (parts[0] === "portal" && parts[1] === "api" && parts.length > 2 && !found) {
      const match = /^Portal\s+(\S+)$/i.exec((request.headers.get("authorization") ?? "").trim());
      const claims = signer.verify(match?.[1], "portal");
      if (!claims) fail("UNAUTHORIZED", "The portal link is not valid or has expired; ask for a new one.");
      return pageApi(request, url, parts.slice(2), claims);
    }
    if (found) {
      // a route of the console's under another method: the management API tells /v1 callers without a key 401
      if ((parts[0] === "v1" && path !== "/v1/openapi.json") || parts[0] === "metrics") requireKey(request);
      notAllowed(method, path, found.allow);
    }
    // /ui and /portal are the console's: nothing under them reaches the management API
    if (parts[0] === "ui" || parts[0] === "portal") fail("NOT_FOUND", `No route ${method} ${path}.`);
    return undefined;
  }

  async function fetch(request: Request): Promise<Response> {
    try {
      return (await route(request)) ?? (await api.fetch(request));
    } catch (error) {
      if (WebhookError.isInstance(error)) return error.toResponse();
      return new WebhookError("INTERNAL_ERROR", `[${PACKAGE}] The request failed.`, {
        cause: error,
      }).toResponse();
    }
  }

  async function handle(input: Request | WebhookRequest): Promise<Response> {
    if (input instanceof Request) return fetch(input);
    const bodyless = input.method === "GET" || input.method === "HEAD";
    return fetch(
      new Request(input.url, {
        method: input.method,
        headers: [...input.headers],
        ...(bodyless ? {} : { body: input.body as BodyInit }),
      }),
    );
  }

  const buffered = createNodeHandler({ handle, maxBodyBytes: maxBytes } as never, { maxBodyBytes: maxBytes });

  function node(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method !== "GET" || !path.endsWith("/api/stream")) {
      buffered(req, res);
      return;
    }
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string") headers.set(k, v);
      else if (Array.isArray(v)) headers.set(k, v.join(", "));
    }
    const host = req.headers.host ?? "localhost";
    const request = new Request(`http://${host}${req.url ?? "/"}`, { headers, signal: abort.signal });
    void (async () => {
      const response = await fetch(request);
      res.statusCode = response.status;
      response.headers.forEach((value, key) => {
        res.setHeader(key, value);
      });
      if (!response.body) return void res.end();
      res.flushHeaders();
      const reader = response.body.getReader();
      abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    })().catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  }

  return {
    fetch,
    handle,
    node,
    metrics,
    routes,
    close() {
      metrics?.close();
      stats.close();
      for (const off of unsubscribe) off();
      liveListeners.clear();
    },
  };
}
