/**
 * The routes of the management API, from which the OpenAPI document is built (a test calls each one
 * on the router, so the document and the router cannot drift apart).
 *
 * @example
 * ```ts
 * for (const route of ROUTES) console.log(route.method.toUpperCase(), route.path);
 * ```
 */
export const ROUTES = [
  { method: "get", path: "/health", summary: "Liveness; delivery counts only with an API key", auth: false },
  { method: "get", path: "/v1/openapi.json", summary: "This document", auth: false },
  { method: "post", path: "/v1/event-types", summary: "Declare an event type", auth: true },
  { method: "get", path: "/v1/event-types", summary: "List event types", auth: true },
  { method: "post", path: "/v1/subscriptions", summary: "Create a subscription", auth: true },
  { method: "get", path: "/v1/subscriptions", summary: "List subscriptions (cursor pagination)", auth: true },
  { method: "get", path: "/v1/subscriptions/{id}", summary: "Read a subscription", auth: true },
  { method: "patch", path: "/v1/subscriptions/{id}", summary: "Update a subscription", auth: true },
  { method: "delete", path: "/v1/subscriptions/{id}", summary: "Delete a subscription", auth: true },
  {
    method: "post",
    path: "/v1/subscriptions/{id}/rotate-secret",
    summary: "Rotate the secret (the old one signs for a grace period)",
    auth: true,
  },
  { method: "post", path: "/v1/events", summary: "Publish an event", auth: true },
  {
    method: "get",
    path: "/v1/events/{id}/deliveries",
    summary: "Deliveries of an event, with their attempts",
    auth: true,
  },
  { method: "get", path: "/v1/deliveries", summary: "List deliveries (filter by status)", auth: true },
  { method: "get", path: "/v1/deliveries/{id}", summary: "Read a delivery with its attempt log", auth: true },
  { method: "post", path: "/v1/deliveries/{id}/retry", summary: "Send a failed delivery again", auth: true },
] as const;

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
};

const page = (item: string) =>
  json({
    type: "object",
    properties: {
      items: { type: "array", items: { $ref: `#/components/schemas/${item}` } },
      nextCursor: { type: ["string", "null"] },
    },
  });

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
};

/**
 * The OpenAPI 3.1 document of the management API (served at `GET /v1/openapi.json`).
 *
 * @example
 * ```ts
 * const doc = openApiDocument("https://hooks.example.com");
 * await writeFile("openapi.json", JSON.stringify(doc, null, 2));
 * ```
 */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const op = operations[`${route.method} ${route.path}`]!;
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
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[^a-zA-Z]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(route.auth ? {} : { security: [] }),
      ...(pathParams.length + queryParams.length > 0 ? { parameters: [...pathParams, ...queryParams] } : {}),
      ...(op.requestBody ? { requestBody: { required: true, ...(op.requestBody as object) } } : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(op.responses as Record<string, object>).map(([code, response]) => [
            code,
            { description: "Success", ...response },
          ]),
        ),
        ...(route.auth ? { "401": { description: "Missing or wrong API key", ...json(error) } } : {}),
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
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas },
    paths,
  };
}
