import { timingSafeEqualString, WebhookError, type WebhookRequest } from "@hookwire/core";
import type { DeliveryStatus, HookwireSender } from "@hookwire/sender";
import { matchRoute, openApiDocument, ROUTES, type RouteSpec } from "./openapi.js";

/**
 * An API key and the owner (tenant) whose resources it may see.
 *
 * @example
 * ```ts
 * const keys: ApiKey[] = [{ key: process.env.ACME_KEY!, owner: "acme" }, { key: process.env.GLOBEX_KEY!, owner: "globex" }];
 * ```
 */
export interface ApiKey {
  key: string;
  /** Every query made with this key is scoped to this owner (default `""`). */
  owner?: string;
}

/**
 * Options of {@link createManagementApi}.
 *
 * @example
 * ```ts
 * const options: ManagementApiOptions = { sender, apiKeys: [{ key, owner: "acme" }], maxBodyBytes: 256 * 1024, basePath: "/hookwire" };
 * ```
 */
export interface ManagementApiOptions {
  sender: HookwireSender;
  /** The API keys; at least one. */
  apiKeys: readonly ApiKey[];
  /** The largest request body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** The base path the API is mounted at, stripped before routing (default none). */
  basePath?: string;
}

const PACKAGE = "@hookwire/server";

function fail(code: ConstructorParameters<typeof WebhookError>[0], message: string): never {
  throw new WebhookError(code, `[${PACKAGE}] ${message}`);
}

function reply(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

async function readJson(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    fail("UNSUPPORTED_MEDIA_TYPE", "Send JSON with Content-Type: application/json.");
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) fail("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      fail("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    fail("PAYLOAD_INVALID", "The body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail("VALIDATION_FAILED", "The body must be a JSON object.");
  return value as Record<string, unknown>;
}

function only(
  body: Record<string, unknown>,
  allowed: readonly string[],
  required: readonly string[] = [],
): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    fail(
      "VALIDATION_FAILED",
      `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Allowed: ${allowed.join(", ")}.`,
    );
  const missing = required.filter((k) => body[k] === undefined);
  if (missing.length > 0)
    fail("VALIDATION_FAILED", `Missing field${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);
}

function string(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") fail("VALIDATION_FAILED", `${key} must be a string.`);
  return value;
}

function object<T>(body: Record<string, unknown>, key: string): T | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail("VALIDATION_FAILED", `${key} must be an object.`);
  return value as T;
}

function strings(body: Record<string, unknown>, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    fail("VALIDATION_FAILED", `${key} must be a list of strings.`);
  return value as string[];
}

function limitOf(url: URL): number | undefined {
  const raw = url.searchParams.get("limit");
  if (raw === null) return undefined;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1)
    fail("VALIDATION_FAILED", "limit is a number from 1 to 250.");
  return Number(raw);
}

/**
 * The management API handler.
 *
 * @example
 * ```ts
 * const api: ManagementApi = createManagementApi({ sender, apiKeys: [{ key }] });
 * app.use("/hookwire", webhookMiddleware(api)); // any Hookwire adapter takes it
 * ```
 */
export interface ManagementApi {
  /** Web `Request` in, `Response` out. */
  fetch(request: Request): Promise<Response>;
  /** The same, also taking the raw `WebhookRequest` Hookwire's adapters and Node bridge pass. */
  handle(request: Request | WebhookRequest): Promise<Response>;
  /** Every route it answers: the list its router dispatches on and its OpenAPI document describes. */
  readonly routes: readonly RouteSpec[];
}

/**
 * The management REST API as a fetch-style handler: `Request` in, `Response` out — serve it with
 * `@hookwire/server`'s `createDispatcher`, or mount it in any app through Hookwire's adapters (it has
 * the `handle` method they take: `app.use("/hookwire", webhookMiddleware(api))` with
 * `basePath: "/hookwire"`).
 * Every request needs `Authorization: Bearer <key>`; each key is bound to an owner and sees only
 * that owner's resources (another owner's resource is 404).
 *
 * @example
 * ```ts
 * const api = createManagementApi({ sender, apiKeys: [{ key: process.env.HOOKWIRE_API_KEY!, owner: "acme" }] });
 * const response = await api.fetch(new Request("http://localhost/v1/subscriptions", { headers: { authorization: `Bearer ${key}` } }));
 * ```
 */
export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  if (
    !options.apiKeys?.length ||
    options.apiKeys.some((k) => typeof k.key !== "string" || k.key.length < 16)
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Give at least one API key of 16 characters or more (apiKeys: [{ key, owner }]).`,
    );
  }
  const { sender } = options;
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;
  const base = (options.basePath ?? "").replace(/\/+$/, "");

  function authenticate(request: Request): string {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) fail("UNAUTHORIZED", "Send Authorization: Bearer <api key>.");
    let owner: string | undefined;
    for (const key of options.apiKeys) {
      if (timingSafeEqualString(match[1]!, key.key) && owner === undefined) owner = key.owner ?? "";
    }
    if (owner === undefined) fail("UNAUTHORIZED", "The API key is not valid.");
    return owner;
  }

  /** What a handler gets: the request, its URL, the path parameters and the caller's owner. */
  interface Call {
    request: Request;
    url: URL;
    id: string;
    owner: string;
  }
  type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never;
  type RouteKey = KeyOf<(typeof ROUTES)[number]>;

  // One handler per route of ROUTES (the compiler checks there is exactly one each): the router
  // dispatches only through this table, and the OpenAPI document is built from ROUTES.
  const handlers = {
    "get /health": async ({ request }) => {
      // Delivery counts only for an authenticated caller (scoped to its owner); anyone gets the status.
      let owner: string | undefined;
      try {
        owner = request.headers.has("authorization") ? authenticate(request) : undefined;
      } catch {
        owner = undefined;
      }
      if (owner === undefined) return reply(200, { status: "ok" });
      return reply(200, { status: "ok", deliveries: await sender.deliveries.counts(owner ? { owner } : {}) });
    },
    "get /v1/openapi.json": async ({ url }) =>
      reply(200, openApiDocument(`${url.protocol}//${url.host}${base}`)),
    "get /v1/event-types": async () => reply(200, { items: await sender.eventTypes.list() }),
    "post /v1/event-types": async ({ request }) => {
      const body = await readJson(request, maxBytes);
      only(body, ["name", "description", "schema"], ["name"]);
      const name = string(body, "name")!;
      const description = string(body, "description");
      return reply(
        201,
        await sender.eventTypes.define({
          name,
          ...(description === undefined ? {} : { description }),
          ...(body.schema === undefined ? {} : { schema: body.schema }),
        }),
      );
    },
    "get /v1/subscriptions": async ({ url, owner }) => {
      const limit = limitOf(url);
      return reply(
        200,
        await sender.subscriptions.list({
          owner,
          ...(url.searchParams.get("cursor") ? { cursor: url.searchParams.get("cursor")! } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    },
    "post /v1/subscriptions": async ({ request, owner }) => {
      const body = await readJson(request, maxBytes);
      only(
        body,
        ["url", "eventTypes", "description", "headers", "metadata", "secret", "rateLimit"],
        ["url", "eventTypes"],
      );
      const created = await sender.subscriptions.create({
        url: string(body, "url")!,
        eventTypes: strings(body, "eventTypes")!,
        owner,
        ...(body.description !== undefined ? { description: string(body, "description")! } : {}),
        ...(body.headers !== undefined ? { headers: object<Record<string, string>>(body, "headers")! } : {}),
        ...(body.metadata !== undefined
          ? { metadata: object<Record<string, unknown>>(body, "metadata")! }
          : {}),
        ...(body.secret !== undefined ? { secret: string(body, "secret")! } : {}),
        // checked by the sender: a whole number of deliveries per second, or null
        ...(body.rateLimit !== undefined ? { rateLimit: body.rateLimit as number | null } : {}),
      });
      return reply(201, created);
    },
    "post /v1/subscriptions/{id}/rotate-secret": async ({ id, owner }) =>
      reply(200, await sender.subscriptions.rotateSecret(id, { owner })),
    "get /v1/subscriptions/{id}": async ({ id, owner }) =>
      reply(200, await sender.subscriptions.get(id, { owner })),
    "delete /v1/subscriptions/{id}": async ({ id, owner }) => {
      await sender.subscriptions.delete(id, { owner });
      return reply(204);
    },
    "patch /v1/subscriptions/{id}": async ({ request, id, owner }) => {
      const body = await readJson(request, maxBytes);
      only(body, ["url", "eventTypes", "description", "headers", "metadata", "status", "rateLimit"]);
      const status = string(body, "status");
      if (status !== undefined && !["active", "paused", "disabled"].includes(status))
        fail("VALIDATION_FAILED", "status is active, paused or disabled.");
      return reply(
        200,
        await sender.subscriptions.update(
          id,
          {
            ...(body.url !== undefined ? { url: string(body, "url")! } : {}),
            ...(body.eventTypes !== undefined ? { eventTypes: strings(body, "eventTypes")! } : {}),
            ...(body.description !== undefined ? { description: string(body, "description")! } : {}),
            ...(body.headers !== undefined
              ? { headers: object<Record<string, string>>(body, "headers")! }
              : {}),
            ...(body.metadata !== undefined
              ? { metadata: object<Record<string, unknown>>(body, "metadata")! }
              : {}),
            ...(status !== undefined ? { status: status as "active" | "paused" | "disabled" } : {}),
            ...(body.rateLimit !== undefined ? { rateLimit: body.rateLimit as number | null } : {}),
          },
          { owner },
        ),
      );
    },
    "post /v1/events": async ({ request, owner }) => {
      const body = await readJson(request, maxBytes);
      only(body, ["type", "data", "id"], ["type", "data"]);
      const eventId = string(body, "id");
      const result = await sender.publish({
        type: string(body, "type")!,
        data: body.data,
        owner,
        ...(eventId === undefined ? {} : { id: eventId }),
      });
      return reply(202, result);
    },
    "get /v1/events/{id}/deliveries": async ({ id, owner }) => {
      const page = await sender.deliveries.list({ owner, eventId: id, limit: 250 });
      const items = await Promise.all(
        page.items.map(async (d) => ({
          ...d,
          attemptLog: await sender.deliveries.attempts(d.id, { owner }),
        })),
      );
      return reply(200, { items, nextCursor: page.nextCursor });
    },
    "get /v1/deliveries": async ({ url, owner }) => {
      const status = url.searchParams.get("status");
      if (status !== null && !["pending", "delivered", "failed"].includes(status))
        fail("VALIDATION_FAILED", "status is pending, delivered or failed.");
      const limit = limitOf(url);
      return reply(
        200,
        await sender.deliveries.list({
          owner,
          ...(status ? { status: status as DeliveryStatus } : {}),
          ...(url.searchParams.get("cursor") ? { cursor: url.searchParams.get("cursor")! } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    },
    "post /v1/deliveries/{id}/retry": async ({ id, owner }) =>
      reply(200, await sender.deliveries.retry(id, { owner })),
    "get /v1/deliveries/{id}": async ({ id, owner }) => {
      const delivery = await sender.deliveries.get(id, { owner });
      return reply(200, { ...delivery, attemptLog: await sender.deliveries.attempts(id, { owner }) });
    },
  } satisfies Record<RouteKey, (call: Call) => Promise<Response>>;

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    let path = url.pathname.replace(/\/+$/, "") || "/";
    if (base && path.startsWith(base)) path = path.slice(base.length) || "/";
    const method = request.method.toUpperCase();
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const found = matchRoute(ROUTES, method, parts);
    // under /v1, an unknown route or method is told only to a caller with a key
    if (!found || "allow" in found) {
      if (parts[0] === "v1" && path !== "/v1/openapi.json") authenticate(request);
      if (!found) fail("NOT_FOUND", `No route ${method} ${path}.`);
      throw new WebhookError("METHOD_NOT_ALLOWED", `[${PACKAGE}] ${method} is not allowed on ${path}.`, {
        headers: { allow: found.allow.join(", ") },
      });
    }
    const { route: spec, params } = found;
    const owner = spec.auth === "key" ? authenticate(request) : "";
    const handler: (call: Call) => Promise<Response> = handlers[`${spec.method} ${spec.path}` as RouteKey];
    return handler({ request, url, id: params.id ?? "", owner });
  }

  async function fetch(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (WebhookError.isInstance(error)) return error.toResponse();
      return new WebhookError("INTERNAL_ERROR", `[${PACKAGE}] The request failed.`, {
        cause: error,
      }).toResponse();
    }
  }
  return {
    fetch,
    routes: ROUTES,
    handle(input) {
      if (input instanceof Request) return fetch(input);
      const bodyless = input.method === "GET" || input.method === "HEAD";
      return fetch(
        new Request(input.url, {
          method: input.method,
          headers: [...input.headers],
          ...(bodyless ? {} : { body: input.body as BodyInit }),
        }),
      );
    },
  };
}
