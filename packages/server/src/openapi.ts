/** How a route is authenticated. */
export type RouteAuth =
  /** Anyone. */
  | "none"
  /** `Authorization: Bearer <api key>`. */
  | "key"
  /** Anyone; more with an API key (`/health`). */
  | "optional-key"
  /** The dashboard's session cookie, and `x-csrf-token` on changes. */
  | "session"
  /** `Authorization: Portal <token>` from a portal link, and `x-csrf-token` on changes. */
  | "portal";

/**
 * One route: what the routers dispatch on and what the OpenAPI document describes — the same list,
 * so a route cannot be served without being documented.
 *
 * @example
 * ```ts
 * const route: RouteSpec = { method: "get", path: "/v1/subscriptions/{id}", summary: "Read a subscription", auth: "key" };
 * ```
 */
export interface RouteSpec {
  readonly method: "get" | "head" | "post" | "patch" | "delete";
  /** Segments in braces (`{id}`) match any one segment. */
  readonly path: string;
  readonly summary: string;
  readonly auth: RouteAuth;
}

/**
 * The routes of the management API: its router dispatches on this list, and the OpenAPI document
 * is built from it.
 *
 * @example
 * ```ts
 * for (const route of ROUTES) console.log(route.method.toUpperCase(), route.path);
 * ```
 */
export const ROUTES = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness; delivery counts only with an API key",
    auth: "optional-key",
  },
  { method: "get", path: "/v1/openapi.json", summary: "This document", auth: "none" },
  { method: "post", path: "/v1/event-types", summary: "Declare an event type", auth: "key" },
  { method: "get", path: "/v1/event-types", summary: "List event types", auth: "key" },
  { method: "post", path: "/v1/subscriptions", summary: "Create a subscription", auth: "key" },
  {
    method: "get",
    path: "/v1/subscriptions",
    summary: "List subscriptions (cursor pagination)",
    auth: "key",
  },
  { method: "get", path: "/v1/subscriptions/{id}", summary: "Read a subscription", auth: "key" },
  { method: "patch", path: "/v1/subscriptions/{id}", summary: "Update a subscription", auth: "key" },
  { method: "delete", path: "/v1/subscriptions/{id}", summary: "Delete a subscription", auth: "key" },
  {
    method: "post",
    path: "/v1/subscriptions/{id}/rotate-secret",
    summary: "Rotate the secret (the old one signs for a grace period)",
    auth: "key",
  },
  { method: "post", path: "/v1/events", summary: "Publish an event", auth: "key" },
  {
    method: "get",
    path: "/v1/events/{id}/deliveries",
    summary: "Deliveries of an event, with their attempts",
    auth: "key",
  },
  { method: "get", path: "/v1/deliveries", summary: "List deliveries (filter by status)", auth: "key" },
  {
    method: "get",
    path: "/v1/deliveries/{id}",
    summary: "Read a delivery with its attempt log",
    auth: "key",
  },
  { method: "post", path: "/v1/deliveries/{id}/retry", summary: "Send a failed delivery again", auth: "key" },
] as const satisfies readonly RouteSpec[];

/**
 * The routes the console (`createConsole`, what `hookwire serve` answers) adds to the management
 * API's, or answers itself in its place (`/health`, `/v1/openapi.json`, `GET /v1/deliveries` with
 * more filters). The pages' own API is {@link PAGE_ROUTES}, under `/ui/api` and `/portal/api`.
 *
 * @example
 * ```ts
 * CONSOLE_ROUTES.find((r) => r.path === "/v1/portal-links"); // { method: "post", …, auth: "key" }
 * ```
 */
export const CONSOLE_ROUTES = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness; delivery counts only with an API key",
    auth: "optional-key",
  },
  { method: "head", path: "/health", summary: "Liveness", auth: "optional-key" },
  { method: "get", path: "/v1/openapi.json", summary: "This document", auth: "none" },
  { method: "get", path: "/metrics", summary: "Prometheus metrics (text format)", auth: "key" },
  {
    method: "post",
    path: "/v1/portal-links",
    summary: "A signed, expiring link to one owner's customer portal",
    auth: "key",
  },
  {
    method: "get",
    path: "/v1/deliveries",
    summary: "List deliveries (filter by status, subscription, event type and time)",
    auth: "key",
  },
  {
    method: "post",
    path: "/v1/subscriptions/{id}/recover",
    summary: "Send again every failed delivery of a subscription created in a time window",
    auth: "key",
  },
  { method: "get", path: "/ui", summary: "The operator dashboard (HTML)", auth: "none" },
  { method: "get", path: "/ui/{asset}", summary: "The dashboard's script or stylesheet", auth: "none" },
  {
    method: "post",
    path: "/ui/api/login",
    summary: "Sign in to the dashboard with an API key: an HttpOnly session cookie",
    auth: "none",
  },
  { method: "post", path: "/ui/api/logout", summary: "Sign out of the dashboard", auth: "session" },
  {
    method: "get",
    path: "/portal",
    summary: "The customer portal (HTML; the link's token in the fragment)",
    auth: "none",
  },
  { method: "get", path: "/portal/{asset}", summary: "The portal's script or stylesheet", auth: "none" },
] as const satisfies readonly RouteSpec[];

/**
 * The pages' own API, relative to `/ui/api` (dashboard session) and `/portal/api` (portal token).
 * Beside these, the pages reach the management API's `/v1/…` routes under the same prefixes, scoped
 * to the session's or link's owner (the portal cannot declare event types).
 *
 * @example
 * ```ts
 * PAGE_ROUTES.map((r) => `/ui/api${r.path}`); // ["/ui/api/session", "/ui/api/stream", …]
 * ```
 */
export const PAGE_ROUTES = [
  {
    method: "get",
    path: "/session",
    summary: "Who is signed in, and the CSRF token for changes",
    auth: "session",
  },
  { method: "get", path: "/stream", summary: "Live delivery updates (server-sent events)", auth: "session" },
  {
    method: "get",
    path: "/stats",
    summary: "Success rate and latency per subscription over time",
    auth: "session",
  },
  {
    method: "get",
    path: "/deliveries",
    summary: "List deliveries (filter by status, subscription, event type and time)",
    auth: "session",
  },
  {
    method: "post",
    path: "/subscriptions/{id}/recover",
    summary: "Send again every failed delivery of a subscription created in a time window",
    auth: "session",
  },
] as const satisfies readonly RouteSpec[];

/** The management API routes the pages reach under their prefix (`/ui/api/v1/…`, `/portal/api/v1/…`). */
export function pageApiRoutes(kind: "dashboard" | "portal"): RouteSpec[] {
  return ROUTES.filter(
    (r) =>
      r.path.startsWith("/v1/") &&
      r.path !== "/v1/openapi.json" &&
      !(kind === "portal" && r.method === "post" && r.path === "/v1/event-types"),
  );
}

/**
 * Every route the console answers, as its router dispatches them: its own, the pages' under their
 * prefixes, and the management API's it does not answer itself.
 *
 * @example
 * ```ts
 * const doc = openApiDocument("https://hooks.example.com", consoleRoutes({ metrics: true }));
 * ```
 */
export function consoleRoutes(options: { metrics: boolean }): RouteSpec[] {
  const own: RouteSpec[] = CONSOLE_ROUTES.filter((r) => options.metrics || r.path !== "/metrics");
  const under = (prefix: string, auth: RouteAuth, routes: readonly RouteSpec[]) =>
    routes.map((r) => ({ ...r, path: `${prefix}${r.path}`, auth }));
  const pages = [
    ...under("/ui/api", "session", [...PAGE_ROUTES, ...pageApiRoutes("dashboard")]),
    ...under("/portal/api", "portal", [...PAGE_ROUTES, ...pageApiRoutes("portal")]),
  ];
  const key = (r: RouteSpec) => `${r.method} ${r.path}`;
  const answered = new Set(own.map(key));
  return [...own, ...pages, ...ROUTES.filter((r) => !answered.has(key(r)))];
}

/**
 * Match a request against a route list: the first route with this path and method and its path
 * parameters; or the methods this path allows; or `undefined` when no route has this path.
 *
 * @example
 * ```ts
 * matchRoute(ROUTES, "GET", ["v1", "subscriptions", "sub_1"]); // { route, params: { id: "sub_1" } }
 * ```
 */
export function matchRoute<R extends RouteSpec>(
  routes: readonly R[],
  method: string,
  parts: readonly string[],
): { route: R; params: Record<string, string> } | { allow: string[] } | undefined {
  const wanted = method.toLowerCase();
  const allow: string[] = [];
  for (const route of routes) {
    const template = segmentsOf(route.path);
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < template.length && matches; i++) {
      const segment = template[i]!;
      if (segment.startsWith("{")) params[segment.slice(1, -1)] = parts[i]!;
      else matches = segment === parts[i];
    }
    if (!matches) continue;
    if (route.method === wanted) return { route, params };
    if (!allow.includes(route.method.toUpperCase())) allow.push(route.method.toUpperCase());
  }
  return allow.length > 0 ? { allow } : undefined;
}

const segments = new Map<string, string[]>();
function segmentsOf(path: string): string[] {
  let found = segments.get(path);
  if (!found) {
    found = path.split("/").filter(Boolean);
    segments.set(path, found);
  }
  return found;
}

const error = { $ref: "#/components/schemas/Error" };
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });

const schemas = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: { code: { type: "string" }, message: { type: "string" } },
      },
    },
  },
  EventType: {
    type: "object",
    required: ["name"],
    additionalProperties: false,
    properties: { name: { type: "string" }, description: { type: "string" }, schema: {} },
  },
  Subscription: {
    type: "object",
    properties: {
      id: { type: "string" },
      url: { type: "string", format: "uri" },
      eventTypes: { type: "array", items: { type: "string" } },
      secret: { type: "string" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      metadata: { type: "object" },
      description: { type: "string" },
      status: { type: "string", enum: ["active", "paused", "disabled"] },
      rateLimit: {
        type: ["integer", "null"],
        minimum: 1,
        description: "Deliveries per second at most, across every worker",
      },
      disabledReason: { type: ["string", "null"] },
      createdAt: { type: "integer" },
      updatedAt: { type: "integer" },
    },
  },
  SubscriptionInput: {
    type: "object",
    required: ["url", "eventTypes"],
    additionalProperties: false,
    properties: {
      url: { type: "string", format: "uri" },
      eventTypes: { type: "array", items: { type: "string" }, minItems: 1 },
      description: { type: "string" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      metadata: { type: "object" },
      secret: { type: "string" },
      rateLimit: { type: ["integer", "null"], minimum: 1 },
    },
  },
  SubscriptionPatch: {
    type: "object",
    additionalProperties: false,
    properties: {
      url: { type: "string", format: "uri" },
      eventTypes: { type: "array", items: { type: "string" }, minItems: 1 },
      description: { type: "string" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      metadata: { type: "object" },
      status: { type: "string", enum: ["active", "paused", "disabled"] },
      rateLimit: { type: ["integer", "null"], minimum: 1 },
    },
  },
  EventInput: {
    type: "object",
    required: ["type", "data"],
    additionalProperties: false,
    properties: { type: { type: "string" }, data: {}, id: { type: "string" } },
  },
  PublishResult: {
    type: "object",
    properties: { id: { type: "string" }, deliveries: { type: "integer" }, created: { type: "boolean" } },
  },
  Delivery: {
    type: "object",
    properties: {
      id: { type: "string" },
      eventId: { type: "string" },
      subscriptionId: { type: "string" },
      eventType: { type: "string" },
      status: { type: "string", enum: ["pending", "delivered", "failed"] },
      attempts: { type: "integer" },
      nextAttemptAt: { type: ["integer", "null"] },
      lastStatus: { type: ["integer", "null"] },
      lastError: { type: ["string", "null"] },
      attemptLog: { type: "array", items: { $ref: "#/components/schemas/Attempt" } },
    },
  },
  Attempt: {
    type: "object",
    properties: {
      attempt: { type: "integer" },
      startedAt: { type: "integer" },
      durationMs: { type: "integer" },
      status: { type: ["integer", "null"] },
      requestHeaders: {
        type: ["object", "null"],
        additionalProperties: { type: "string" },
        description:
          "The headers the attempt sent (signature included, never the secret); null for attempts recorded before headers were kept",
      },
      responseBody: { type: ["string", "null"] },
      error: { type: ["string", "null"] },
    },
  },
  PortalLinkInput: {
    type: "object",
    additionalProperties: false,
    properties: {
      owner: {
        type: "string",
        description: "Default the API key's owner; a scoped key may name only its own",
      },
      expiresIn: { type: "integer", minimum: 60, maximum: 604800, description: "Seconds (default 3600)" },
    },
  },
  PortalLink: {
    type: "object",
    properties: {
      url: { type: "string", format: "uri" },
      owner: { type: "string" },
      expiresAt: { type: "integer" },
    },
  },
  RecoverInput: {
    type: "object",
    required: ["since"],
    additionalProperties: false,
    properties: {
      since: { type: ["integer", "string"], description: "ms since epoch or ISO 8601" },
      until: { type: ["integer", "string"], description: "ms since epoch or ISO 8601 (default now)" },
    },
  },
  Recovered: { type: "object", properties: { recovered: { type: "integer" } } },
  LoginInput: {
    type: "object",
    required: ["key"],
    additionalProperties: false,
    properties: { key: { type: "string", description: "An API key" } },
  },
  Session: {
    type: "object",
    properties: {
      kind: { type: "string", enum: ["operator", "portal"] },
      owner: { type: "string" },
      csrf: { type: "string", description: "Send as x-csrf-token with every change" },
      expiresAt: { type: "integer" },
    },
  },
  Stats: {
    type: "object",
    properties: {
      bucketMs: { type: "integer" },
      series: {
        type: "array",
        items: {
          type: "object",
          properties: {
            subscriptionId: { type: "string" },
            points: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  t: { type: "integer" },
                  succeeded: { type: "integer" },
                  failed: { type: "integer" },
                  meanMs: { type: "integer" },
                },
              },
            },
          },
        },
      },
    },
  },
};

const page = (item: string) =>
  json({
    type: "object",
    properties: {
      items: { type: "array", items: { $ref: `#/components/schemas/${item}` } },
      nextCursor: { type: ["string", "null"] },
    },
  });

const text = (type: string) => ({ content: { [type]: { schema: { type: "string" } } } });
const DELIVERY_FILTERS = ["status", "subscriptionId", "eventType", "since", "until", "cursor", "limit"];

const operations: Record<string, Record<string, unknown>> = {
  "get /health": { responses: { "200": json({ type: "object" }) } },
  "get /v1/openapi.json": { responses: { "200": json({ type: "object" }) } },
  "post /v1/event-types": {
    requestBody: json({ $ref: "#/components/schemas/EventType" }),
    responses: { "201": json({ $ref: "#/components/schemas/EventType" }) },
  },
  "get /v1/event-types": {
    responses: {
      "200": json({
        type: "object",
        properties: { items: { type: "array", items: { $ref: "#/components/schemas/EventType" } } },
      }),
    },
  },
  "post /v1/subscriptions": {
    requestBody: json({ $ref: "#/components/schemas/SubscriptionInput" }),
    responses: { "201": json({ $ref: "#/components/schemas/Subscription" }) },
  },
  "get /v1/subscriptions": { parameters: ["cursor", "limit"], responses: { "200": page("Subscription") } },
  "get /v1/subscriptions/{id}": { responses: { "200": json({ $ref: "#/components/schemas/Subscription" }) } },
  "patch /v1/subscriptions/{id}": {
    requestBody: json({ $ref: "#/components/schemas/SubscriptionPatch" }),
    responses: { "200": json({ $ref: "#/components/schemas/Subscription" }) },
  },
  "delete /v1/subscriptions/{id}": { responses: { "204": { description: "Deleted" } } },
  "post /v1/subscriptions/{id}/rotate-secret": {
    responses: { "200": json({ $ref: "#/components/schemas/Subscription" }) },
  },
  "post /v1/events": {
    requestBody: json({ $ref: "#/components/schemas/EventInput" }),
    responses: { "202": json({ $ref: "#/components/schemas/PublishResult" }) },
  },
  "get /v1/events/{id}/deliveries": { responses: { "200": page("Delivery") } },
  "get /v1/deliveries": { parameters: ["status", "cursor", "limit"], responses: { "200": page("Delivery") } },
  "get /v1/deliveries/{id}": { responses: { "200": json({ $ref: "#/components/schemas/Delivery" }) } },
  "post /v1/deliveries/{id}/retry": { responses: { "200": json({ $ref: "#/components/schemas/Delivery" }) } },
  // the console's
  "head /health": { responses: { "200": { description: "Up" } } },
  "get /metrics": { responses: { "200": text("text/plain") } },
  "post /v1/portal-links": {
    requestBody: json({ $ref: "#/components/schemas/PortalLinkInput" }),
    responses: { "201": json({ $ref: "#/components/schemas/PortalLink" }) },
  },
  "post /v1/subscriptions/{id}/recover": {
    requestBody: json({ $ref: "#/components/schemas/RecoverInput" }),
    responses: { "200": json({ $ref: "#/components/schemas/Recovered" }) },
  },
  "get /ui": { responses: { "200": text("text/html") } },
  "get /ui/{asset}": { responses: { "200": text("text/javascript"), "404": json(error) } },
  "post /ui/api/login": {
    requestBody: json({ $ref: "#/components/schemas/LoginInput" }),
    responses: {
      "200": {
        headers: { "set-cookie": { schema: { type: "string" }, description: "The HttpOnly session cookie" } },
        ...json({ $ref: "#/components/schemas/Session" }),
      },
    },
  },
  "post /ui/api/logout": { responses: { "204": { description: "Signed out (the cookie is cleared)" } } },
  "get /portal": { responses: { "200": text("text/html") } },
  "get /portal/{asset}": { responses: { "200": text("text/javascript"), "404": json(error) } },
  // the pages' own API, relative to /ui/api and /portal/api
  "get /session": { responses: { "200": json({ $ref: "#/components/schemas/Session" }) } },
  "get /stream": { responses: { "200": text("text/event-stream") } },
  "get /stats": {
    parameters: ["subscriptionId"],
    responses: { "200": json({ $ref: "#/components/schemas/Stats" }) },
  },
  "get /deliveries": {
    parameters: DELIVERY_FILTERS,
    responses: { "200": page("Delivery") },
  },
  "post /subscriptions/{id}/recover": {
    requestBody: json({ $ref: "#/components/schemas/RecoverInput" }),
    responses: { "200": json({ $ref: "#/components/schemas/Recovered" }) },
  },
};

/** The console's `GET /v1/deliveries`: the management API's, with more filters. */
const CONSOLE_OPERATIONS: Record<string, Record<string, unknown>> = {
  "get /v1/deliveries": { parameters: DELIVERY_FILTERS, responses: { "200": page("Delivery") } },
};

const PREFIXES = ["/ui/api", "/portal/api"];

/** The operation of a route, a page route found by its path under the pages' prefix. */
function operationOf(route: RouteSpec): Record<string, unknown> {
  const key = `${route.method} ${route.path}`;
  const fromConsole = (CONSOLE_ROUTES as readonly RouteSpec[]).includes(route);
  const own = (fromConsole ? CONSOLE_OPERATIONS[key] : undefined) ?? operations[key];
  if (own) return own;
  const prefix = PREFIXES.find((p) => route.path.startsWith(`${p}/`));
  const relative = prefix ? operations[`${route.method} ${route.path.slice(prefix.length)}`] : undefined;
  if (!relative) throw new Error(`[@hookwire/server] no OpenAPI operation for ${key}`);
  return relative;
}

const SECURITY: Record<RouteAuth, unknown[]> = {
  none: [],
  "optional-key": [{}, { bearer: [] }],
  key: [{ bearer: [] }],
  session: [{ session: [] }],
  portal: [{ portal: [] }],
};

/**
 * The OpenAPI 3.1 document of a route list (served at `GET /v1/openapi.json`): the management API's
 * ({@link ROUTES}, the default), or everything a console answers ({@link consoleRoutes}).
 *
 * @example
 * ```ts
 * const doc = openApiDocument("https://hooks.example.com", consoleRoutes({ metrics: true }));
 * await writeFile("openapi.json", JSON.stringify(doc, null, 2));
 * ```
 */
export function openApiDocument(
  serverUrl?: string,
  routes: readonly RouteSpec[] = ROUTES,
): Record<string, unknown> {
  const pages = routes.some((r) => r.auth === "session" || r.auth === "portal");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const op = operationOf(route);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const queryParams = ((op.parameters as string[] | undefined) ?? []).map((name) => ({
      name,
      in: "query",
      required: false,
      schema: { type: "string" },
    }));
    const changes = route.method !== "get" && route.method !== "head";
    const csrf =
      changes && (route.auth === "session" || route.auth === "portal")
        ? [{ name: "x-csrf-token", in: "header", required: true, schema: { type: "string" } }]
        : [];
    const parameters = [...pathParams, ...queryParams, ...csrf];
    const authenticated = route.auth !== "none" && route.auth !== "optional-key";
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[^a-zA-Z]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      tags: [
        route.path.startsWith("/ui") ? "dashboard" : route.path.startsWith("/portal") ? "portal" : "api",
      ],
      ...(route.auth === "key" ? {} : { security: SECURITY[route.auth] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.requestBody ? { requestBody: { required: true, ...(op.requestBody as object) } } : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(op.responses as Record<string, object>).map(([code, response]) => [
            code,
            { description: "Success", ...response },
          ]),
        ),
        ...(authenticated
          ? { "401": { description: "Not signed in, or a wrong key or token", ...json(error) } }
          : {}),
        default: { description: "Error", ...json(error) },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hookwire dispatcher",
      version: "0.1.0",
      description: "Manage subscriptions and publish events; Hookwire signs and delivers them.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key" },
        ...(pages
          ? {
              session: {
                type: "apiKey",
                in: "cookie",
                name: "hookwire_session",
                description: "The dashboard session (POST /ui/api/login); changes also need x-csrf-token",
              },
              portal: {
                type: "apiKey",
                in: "header",
                name: "authorization",
                description: "Portal <token>, the fragment of a portal link; changes also need x-csrf-token",
              },
            }
          : {}),
      },
      schemas,
    },
    paths,
  };
}
