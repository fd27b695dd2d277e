import { WebhookError } from "./errors.js";
import type { IdempotencyStore } from "./idempotency.js";
import { memoryIdempotencyStore } from "./idempotency.js";
import { verifyNow } from "./receiver.js";
import { DEFAULT_MAX_BODY_BYTES, isFetchRequest, tooLarge, toWebhookRequest } from "./request.js";
import { RAW_TEXT } from "./response.js";
import type {
  EventFor,
  EventNameOf,
  Handler,
  HandlerContext,
  HeaderReader,
  Receiver,
  WebhookEvent,
  WebhookRequest,
} from "./types.js";

/** Receivers by name: the name is what the URL's last path segment selects. */
export type Receivers = Record<string, Receiver<any, string>>;

/** Where an error happened, given to `onError`. */
export interface ErrorContext {
  /**
   * `route` (unknown receiver, wrong method, a body that could not be read: too large, consumed by a
   * body parser, a client that went away), `handshake`, `verify` (the request was refused) or
   * `handler` (a handler threw).
   */
  readonly phase: "route" | "handshake" | "verify" | "handler";
  /** The receiver name, once known. */
  readonly receiver?: string;
  /** The verified event, for handler errors. */
  readonly event?: WebhookEvent;
  /** The request, once read. */
  readonly request?: WebhookRequest;
}

/** Options of {@link createWebhooks}. */
export interface WebhooksOptions<R extends Receivers> {
  /** The receivers, by name (`{ github: github({ secret }) }`). */
  receivers: R;
  /** Called for every error: refused requests (`verify`, `handshake`, `route`) and failing handlers. */
  onError?: (error: WebhookError, context: ErrorContext) => void | Promise<void>;
  /** The largest body accepted, in bytes (default 5 MiB). Larger requests get 413. */
  maxBodyBytes?: number;
  /**
   * Skip events whose provider id was already processed. `true` uses an in-memory store;
   * pass a store (Redis, a database) for several processes. The claim is released when a handler
   * fails (throws or answers 4xx/5xx), so the provider's redelivery runs the handlers again. A batch
   * with `event.idempotencyKeys` (Salesforce) is deduplicated per item: handlers get only the fresh
   * items (`receiver.narrow`), and none run when every item was done.
   */
  idempotency?: boolean | IdempotencyStore | { store: IdempotencyStore; ttlMs?: number };
  /**
   * Acknowledge before the handlers finish: after this many milliseconds, the provider gets the
   * receiver's own answer (`receiver.respond`, e.g. Salesforce's SOAP Ack) or else 202 `{"ok":true,"accepted":true}`,
   * and the handlers keep running (their errors go to `onError`). `"deadline"` uses each receiver's
   * provider deadline (GitHub 10 s, Slack 3 s) less a safety margin. Per receiver with a record.
   */
  respondWithin?: number | "deadline" | { [K in keyof R]?: number | "deadline" };
}

/** Options of {@link Webhooks.handle}. */
export interface HandleOptions {
  /**
   * The receiver name; by default the last path segment of the URL, or the one before it with the
   * last as `{id}` (the ASP.NET WebHooks shape `/webhooks/{receiver}/{id}`).
   */
  receiver?: string;
  /** The `{id}` route parameter (`request.params.id`, for per-tenant secret lookups). */
  id?: string;
  /** Keeps the runtime alive for handlers that outlive the response (serverless `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Options of {@link Webhooks.on}. */
export interface OnOptions {
  /** Handlers run in ascending order, then registration order (default 0). */
  order?: number;
}

/** One request on its way through the router, once the receiver and method are known. */
interface Exchange {
  readonly name: string;
  readonly id: string | undefined;
  readonly receiver: Receiver<any, string>;
  readonly method: string;
  readonly incoming: IncomingWebhook;
  readonly handleOptions: HandleOptions;
}

interface Registration {
  receiver: string;
  names: string[];
  handler: Handler<any>;
  order: number;
  seq: number;
}

/**
 * A request before its body is read: what a bridge (the Node one, or `handle()` for a Web `Request`)
 * gives to {@link Webhooks.route}. The router picks the receiver and checks the method first, and
 * only then calls `read` — a 404 or 405 never reads the body.
 *
 * @example
 * ```ts
 * const incoming: IncomingWebhook = { method: "POST", url, headers, read: async (max) => readUpTo(max) };
 * ```
 */
export interface IncomingWebhook {
  /** The HTTP method (any case). */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /**
   * The origin-form path (`/webhooks/github`), when the bridge has it without building the URL: the
   * router routes by it instead of `url`.
   */
  readonly path?: string;
  /** The request headers. */
  readonly headers: HeaderReader;
  /**
   * Read the raw body, failing with a `WebhookError` (`PAYLOAD_TOO_LARGE` past `maxBodyBytes`,
   * `RAW_BODY_UNAVAILABLE` when a body parser consumed it). Called at most once. Bytes already in
   * hand (a framework kept them) may be returned as they are, without a promise.
   */
  read(maxBodyBytes: number): Uint8Array | Promise<Uint8Array>;
  /** Aborts when the client goes away (a Web `Request`'s `signal`). */
  readonly signal?: AbortSignal;
  /**
   * Call `abort` when the client disconnects before the answer is sent (Node bridges); called only
   * when a handler reads `context.signal`.
   */
  onDisconnect?(abort: () => void): void;
}

/**
 * The router's answer as plain data, written by the Node bridge straight to `ServerResponse`
 * (no Web `Response` is built). `response` is set instead when the answer is a `Response` that a
 * handler, a handshake or the receiver made.
 *
 * @example
 * ```ts
 * const result = await hooks.route(incoming);
 * if (result.response) await writeResponse(res, result.response);
 * else res.writeHead(result.status, result.headers).end(result.body);
 * ```
 */
export interface RouteResult {
  /** The HTTP status. */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text (JSON for Hookwire's own answers). */
  readonly body: string;
  /** A `Response` to send as is instead (a handler's, a handshake's, the receiver's own answer). */
  readonly response?: Response;
  /** The error this answer reports, for refusals. */
  readonly error?: WebhookError;
}

/**
 * Where the Node bridge finds {@link Webhooks.route}'s callback form on a router from
 * `createWebhooks` (a registered symbol: the same in every bundle of core). Internal to Hookwire's
 * bridges; routers without it are served through `route` or `handle`.
 */
export const ROUTE_INTO: unique symbol = Symbol.for("@hookwire/core.routeInto") as never;

/** Receives the callback form's answer (or the error of a router step that threw). */
export interface RouteSink {
  done(result: RouteResult): void;
  fail(error: unknown): void;
}

/** An {@link IncomingWebhook} whose body is read with callbacks (no promise per request). */
export interface CallbackIncoming extends IncomingWebhook {
  /**
   * Read the raw body and call `onBody` with it, or `onError` with the `WebhookError` that refused
   * it (`PAYLOAD_TOO_LARGE`, `RAW_BODY_UNAVAILABLE`, a failed read). Calls exactly one of them, once.
   */
  readInto(maxBodyBytes: number, onBody: (body: Uint8Array) => void, onError: (error: unknown) => void): void;
}

/** The callback form of {@link Webhooks.route}, under {@link ROUTE_INTO}. */
export type RouteInto = (incoming: CallbackIncoming, options: HandleOptions, sink: RouteSink) => void;

/**
 * The router: picks the receiver, answers handshakes, verifies, dedupes and runs handlers.
 * Built by {@link createWebhooks}.
 */
export interface Webhooks<R extends Receivers = Receivers> {
  /** The receivers by name. */
  readonly receivers: R;
  /** The body limit in bytes; adapters read it from here (it is set once, in `createWebhooks`). */
  readonly maxBodyBytes: number;
  /**
   * Register a handler for one event type, several, `prefix.*` or `*` on one receiver.
   * A name also matches its dotted sub-types (`issues` matches `issues.opened`).
   */
  on<K extends keyof R & string, const N extends EventNameOf<R[K]>>(
    receiver: K,
    type: N | readonly N[],
    handler: Handler<EventFor<R[K], N>>,
    options?: OnOptions,
  ): this;
  /**
   * Remove a handler registered with {@link Webhooks.on} for these names (all its names when
   * `type` is omitted). Removing a handler that is not registered does nothing.
   */
  off<K extends keyof R & string>(
    receiver: K,
    type: EventNameOf<R[K]> | readonly EventNameOf<R[K]>[] | undefined,
    handler: Handler<any>,
  ): this;
  /**
   * Run the handlers for an event without HTTP (an event replayed from a queue or a log). No
   * verification, no idempotency; resolves with the first `Response` a handler returned, and
   * rejects with a `HANDLER_FAILED` `WebhookError` when a handler throws (also given to `onError`).
   */
  dispatch(event: DispatchEvent, options?: DispatchOptions): Promise<Response | undefined>;
  /** Handle a Web `Request` (or a `WebhookRequest`) and return the `Response` to send. */
  handle(request: Request | WebhookRequest, options?: HandleOptions): Promise<Response>;
  /**
   * Handle a request whose body is not read yet and return the answer as plain data: the core of
   * the Node bridge (`@hookwire/core/node`), which writes it without building Web objects.
   */
  route(incoming: IncomingWebhook, options?: HandleOptions): Promise<RouteResult>;
  /** Give an error to `onError` (adapters use it for refusals they make before the router runs). */
  report(error: WebhookError, context: ErrorContext): Promise<void>;
  /** Resolves when every handler still running after an early acknowledgement has finished. */
  drain(): Promise<void>;
}

/** An event for {@link Webhooks.dispatch}: a verified event, or the parts of one from a queue. */
export interface DispatchEvent {
  /** The event type (`issues.opened`). */
  readonly type: string;
  /** The payload. */
  readonly payload: unknown;
  /** The provider; selects the receiver when `options.receiver` is not given. */
  readonly provider?: string;
  /** The provider's event id. */
  readonly id?: string | undefined;
  /** When it was received (a `Date` or an ISO string; default: now). */
  readonly receivedAt?: Date | string;
  /** Provider extras. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The original request, if kept. */
  readonly request?: WebhookRequest;
}

/** Options of {@link Webhooks.dispatch}. */
export interface DispatchOptions {
  /** The receiver name (default: the receiver whose name or provider is `event.provider`). */
  receiver?: string;
  /** Aborts `context.signal` of the handlers. */
  signal?: AbortSignal;
}

const MARGIN_MS = 1_000;

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<T>).then === "function";
}
/** Hand a result to a sink: at once when it is in hand, else when it settles. */
function deliver(result: RouteResult | Promise<RouteResult>, sink: RouteSink): void {
  if (!(result instanceof Promise)) {
    sink.done(result);
    return;
  }
  result.then(
    (value) => sink.done(value),
    (error: unknown) => sink.fail(error),
  );
}
const JSON_TYPE = "application/json; charset=utf-8";
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The receiver name (and ASP.NET-style `{id}`) from the URL path without parsing a URL: the last
 * segment, or the one before it with the last as the id (`/webhooks/kudu/{id}`).
 */
function pathSegments(url: string): [string | undefined, string | undefined] {
  // absolute (`https://host/…`) or origin-form (`/webhooks/github?next=https://…`: no scheme)
  const scheme = ABSOLUTE_URL.test(url) ? url.indexOf("://") : -1;
  const authority = scheme < 0 ? 0 : scheme + 3;
  let end = url.length;
  const query = url.indexOf("?", authority);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", authority);
  if (hash >= 0 && hash < end) end = hash;
  // The path starts at the first "/" (after the host). The query and fragment end it even when that
  // "/" is in them (`https://host?x=/github` has no path): then no segment lies between start and end.
  const start = url.indexOf("/", authority);
  if (start < 0) return [undefined, undefined];
  let stop = end;
  while (stop > start && url.charCodeAt(stop - 1) === 47) stop--;
  const from = url.lastIndexOf("/", stop - 1);
  if (from < start || from + 1 >= stop) return [undefined, undefined];
  const last = decodeSegment(url.slice(from + 1, stop));
  const before = from > start ? url.lastIndexOf("/", from - 1) : -1;
  const previous =
    before >= start && before + 1 < from ? decodeSegment(url.slice(before + 1, from)) : undefined;
  return [last, previous];
}

function decodeSegment(segment: string): string | undefined {
  if (segment.indexOf("%") < 0) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": JSON_TYPE });
const OK: RouteResult = Object.freeze({ status: 200, headers: JSON_HEADERS, body: '{"ok":true}' });
const DUPLICATE: RouteResult = Object.freeze({
  status: 200,
  headers: JSON_HEADERS,
  body: '{"ok":true,"duplicate":true}',
});
const ACCEPTED: RouteResult = Object.freeze({
  status: 202,
  headers: JSON_HEADERS,
  body: '{"ok":true,"accepted":true}',
});

/** The answer for a refusal, as plain data. */
export function errorResult(error: WebhookError): RouteResult {
  return {
    status: error.status,
    headers: { "content-type": JSON_TYPE, ...error.headers },
    body: JSON.stringify(error.toJSON()),
    error,
  };
}

/** A Web `Response` for a route result (the fetch path). */
export function resultToResponse(result: RouteResult): Response {
  if (result.response) return result.response;
  const response = new Response(result.status === 204 || result.status === 304 ? null : result.body, {
    status: result.status,
    headers: result.headers as Record<string, string>,
  });
  Object.defineProperty(response, RAW_TEXT, { value: result.body });
  return response;
}

/** A handler context whose AbortController is made only when a handler reads `signal` (most never do). */
class LazyContext implements HandlerContext {
  private controller: AbortController | undefined;

  constructor(
    readonly receiver: string,
    private readonly link: {
      signal?: AbortSignal | undefined;
      onDisconnect?: ((abort: () => void) => void) | undefined;
    },
  ) {}

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const made = new AbortController();
    this.controller = made;
    const abort = () => {
      if (!made.signal.aborted) {
        made.abort(
          new WebhookError("INTERNAL_ERROR", "[@hookwire/core] The client disconnected before the answer."),
        );
      }
    };
    const { signal, onDisconnect } = this.link;
    if (signal) {
      if (signal.aborted) abort();
      else signal.addEventListener("abort", abort, { once: true });
    }
    onDisconnect?.call(this.link, abort);
    return made.signal;
  }
}

/**
 * The handler registry: registrations indexed at `on()` time by receiver and by the key they
 * match (an exact name, a `prefix.`/`prefix:` for sub-types and wildcards, or `*`), with the sorted
 * list for each event type cached until the next `on()`/`off()`.
 */
class Registry {
  private readonly byReceiver = new Map<
    string,
    { exact: Map<string, Registration[]>; prefix: Map<string, Registration[]>; all: Registration[] }
  >();
  private readonly cache = new Map<string, Map<string, readonly Registration[]>>();
  private seq = 0;

  add(receiver: string, names: string[], handler: Handler<any>, order: number): void {
    const registration: Registration = { receiver, names, handler, order, seq: this.seq++ };
    for (const name of names) this.index(registration, name);
    this.cache.delete(receiver);
  }

  remove(receiver: string, names: readonly string[] | undefined, handler: Handler<any>): void {
    const index = this.byReceiver.get(receiver);
    if (!index) return;
    const lists = [...index.exact.values(), ...index.prefix.values(), index.all];
    const seen = new Set<Registration>();
    for (const list of lists) for (const r of list) if (r.handler === handler) seen.add(r);
    for (const registration of seen) {
      const removed =
        names === undefined ? registration.names : names.filter((n) => registration.names.includes(n));
      if (removed.length === 0) continue;
      registration.names = registration.names.filter((n) => !removed.includes(n));
      for (const list of lists) {
        for (let i = list.length - 1; i >= 0; i--) if (list[i] === registration) list.splice(i, 1);
      }
      for (const name of registration.names) this.index(registration, name);
    }
    this.cache.delete(receiver);
  }

  /** The registrations for an event type, in order (ascending `order`, then registration order). */
  select(receiver: string, type: string): readonly Registration[] {
    let perType = this.cache.get(receiver);
    if (!perType) {
      perType = new Map();
      this.cache.set(receiver, perType);
    }
    const hit = perType.get(type);
    if (hit) return hit;
    const index = this.byReceiver.get(receiver);
    let selected: Registration[] = [];
    if (index) {
      const found = new Set<Registration>();
      for (const r of index.exact.get(type) ?? []) found.add(r);
      for (let i = 0; i < type.length; i++) {
        const c = type.charCodeAt(i);
        if (c !== 46 && c !== 58) continue; // "." or ":"
        const list = index.prefix.get(type.slice(0, i + 1));
        if (list) for (const r of list) found.add(r);
      }
      for (const r of index.all) found.add(r);
      selected = [...found].sort((a, b) => a.order - b.order || a.seq - b.seq);
    }
    if (perType.size > 1024) perType.clear(); // bounded: event types are few, but not ours to trust
    perType.set(type, selected);
    return selected;
  }

  private index(registration: Registration, name: string): void {
    let index = this.byReceiver.get(registration.receiver);
    if (!index) {
      index = { exact: new Map(), prefix: new Map(), all: [] };
      this.byReceiver.set(registration.receiver, index);
    }
    const push = (map: Map<string, Registration[]>, key: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [registration]);
      else if (!list.includes(registration)) list.push(registration);
    };
    if (name === "*") {
      if (!index.all.includes(registration)) index.all.push(registration);
    } else if (name.endsWith(".*") || name.endsWith(":*")) {
      push(index.prefix, name.slice(0, -1));
    } else {
      push(index.exact, name);
      push(index.prefix, `${name}.`);
    }
  }
}

/**
 * Create the webhook router.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { github } from "@hookwire/github";
 *
 * const hooks = createWebhooks({ receivers: { github: github({ secret: process.env.GITHUB_WEBHOOK_SECRET! }) } });
 * hooks.on("github", "issues.opened", async (event) => {
 *   console.log(event.payload.issue.number);
 * });
 * const response = await hooks.handle(request); // POST /webhooks/github
 * ```
 */
export function createWebhooks<const R extends Receivers>(options: WebhooksOptions<R>): Webhooks<R> {
  // `options?.`: createWebhooks() called from JavaScript without options is refused with the fix, too
  const receivers = options?.receivers;
  if (!receivers || typeof receivers !== "object") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      "[@hookwire/core] createWebhooks needs { receivers: { name: receiver } }.",
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[@hookwire/core] maxBodyBytes must be a positive whole number of bytes, got ${String(maxBodyBytes)}. Pass e.g. { maxBodyBytes: 5 * 1024 * 1024 }.`,
    );
  }
  const registry = new Registry();
  const pending = new Set<Promise<unknown>>();
  // Per receiver, computed once: the accepted methods and the early-acknowledgement delay.
  // Event methods (receiver.methods) are verified like POST; handshake-only methods are not.
  const allowedMethods = new Map<string, string[]>();
  const eventMethods = new Map<string, readonly string[]>();
  for (const [name, receiver] of Object.entries(receivers)) {
    const events = (receiver.methods ?? []).map((m) => m.toUpperCase()).filter((m) => m !== "POST");
    eventMethods.set(name, events);
    const handshakeOnly = receiver.handshake ? (receiver.handshakeMethods ?? []) : [];
    allowedMethods.set(name, [...new Set(["POST", ...events, ...handshakeOnly.map((m) => m.toUpperCase())])]);
  }

  let idempotency: { store: IdempotencyStore; ttlMs: number } | undefined;
  if (options.idempotency === true) idempotency = { store: memoryIdempotencyStore(), ttlMs: 24 * 3600_000 };
  else if (options.idempotency && "claim" in options.idempotency)
    idempotency = { store: options.idempotency, ttlMs: 24 * 3600_000 };
  else if (options.idempotency && "store" in options.idempotency)
    idempotency = { store: options.idempotency.store, ttlMs: options.idempotency.ttlMs ?? 24 * 3600_000 };

  async function report(error: WebhookError, context: ErrorContext): Promise<void> {
    if (!options.onError) return;
    try {
      await options.onError(error, context);
    } catch {
      // an onError that throws must not change the answer
    }
  }

  async function refuse(error: WebhookError, context: ErrorContext): Promise<RouteResult> {
    await report(error, context);
    return errorResult(error);
  }

  function ackDelay(name: string, receiver: Receiver<any, string>): number | undefined {
    const setting = options.respondWithin;
    if (setting === undefined) return undefined;
    const value =
      typeof setting === "object" && setting !== null
        ? (setting as Record<string, number | "deadline">)[name]
        : setting;
    if (value === undefined) return undefined;
    if (value === "deadline") {
      return receiver.deadlineMs === undefined ? undefined : Math.max(0, receiver.deadlineMs - MARGIN_MS);
    }
    return value;
  }

  function handlerContext(
    name: string,
    link: { signal?: AbortSignal | undefined; onDisconnect?: ((abort: () => void) => void) | undefined },
  ): HandlerContext {
    return new LazyContext(name, link);
  }

  /**
   * Run the handlers in order. Synchronous handlers cost no promise: the result is a promise only
   * from the first handler that returns one.
   */
  function runHandlers(
    name: string,
    event: WebhookEvent,
    context: HandlerContext,
  ): Response | undefined | Promise<Response | undefined> {
    const selected = registry.select(name, event.type);
    let answer: Response | undefined;
    for (let i = 0; i < selected.length; i++) {
      const result = selected[i]!.handler(event, context);
      if (isThenable(result)) return finishHandlers(selected, i, result, answer, event, context);
      if (answer === undefined && result instanceof Response) answer = result;
    }
    return answer;
  }

  async function finishHandlers(
    selected: readonly Registration[],
    index: number,
    pending: PromiseLike<unknown>,
    answer: Response | undefined,
    event: WebhookEvent,
    context: HandlerContext,
  ): Promise<Response | undefined> {
    const first = await pending;
    if (answer === undefined && first instanceof Response) answer = first;
    for (let i = index + 1; i < selected.length; i++) {
      const result = await selected[i]!.handler(event, context);
      if (answer === undefined && result instanceof Response) answer = result;
    }
    return answer;
  }

  function handlerError(name: string, event: WebhookEvent, cause: unknown): WebhookError {
    return new WebhookError(
      "HANDLER_FAILED",
      `[@hookwire/core] A handler for ${name} "${event.type}" failed.`,
      {
        cause,
      },
    );
  }

  /** Release claimed idempotency keys (handlers failed: the provider's redelivery must run them again). */
  async function release(keys: readonly string[] | undefined): Promise<void> {
    if (keys === undefined || !idempotency) return;
    for (const key of keys) await idempotency.store.release(key);
  }

  async function handlerFailed(
    name: string,
    event: WebhookEvent,
    keys: readonly string[] | undefined,
    request: WebhookRequest,
    cause: unknown,
  ): Promise<RouteResult> {
    await release(keys);
    const error = WebhookError.isInstance(cause) ? cause : handlerError(name, event, cause);
    await report(error, { phase: "handler", receiver: name, event, request });
    return errorResult(error.code === "HANDLER_FAILED" ? error : handlerError(name, event, error));
  }

  function success(receiver: Receiver<any, string>, event: WebhookEvent, fallback: RouteResult): RouteResult {
    const own = receiver.respond?.(event);
    return own ? { status: own.status, headers: NO_HEADERS, body: "", response: own } : fallback;
  }

  /**
   * Handle a request whose body is not read yet. Synchronous from the body to the answer when
   * nothing is asynchronous (the body already in hand, a static secret on Node, synchronous handlers,
   * no idempotency store or early acknowledgement): each step returns its result, and only a step
   * that really waits adds a promise.
   */
  function routeNow(
    incoming: IncomingWebhook,
    handleOptions: HandleOptions,
  ): RouteResult | Promise<RouteResult> {
    const exchange = exchangeOf(incoming, handleOptions);
    if (exchange instanceof Promise) return exchange;
    let body: Uint8Array | Promise<Uint8Array>;
    try {
      body = incoming.read(maxBodyBytes);
    } catch (cause) {
      return unreadable(exchange, cause);
    }
    if (body instanceof Uint8Array) return withBody(exchange, body);
    return Promise.resolve(body).then(
      (bytes) => withBody(exchange, bytes),
      (cause: unknown) => unreadable(exchange, cause),
    );
  }

  /**
   * The receiver and method of a request, before its body is read; a refusal (404, 405) when
   * either is wrong.
   */
  function exchangeOf(
    incoming: IncomingWebhook,
    handleOptions: HandleOptions,
  ): Exchange | Promise<RouteResult> {
    let name = handleOptions.receiver;
    let id = handleOptions.id;
    if (name === undefined) {
      const [last, previous] = pathSegments(incoming.path ?? incoming.url);
      if (last !== undefined && Object.hasOwn(receivers, last)) name = last;
      else if (previous !== undefined && Object.hasOwn(receivers, previous)) {
        name = previous;
        id = last;
      } else name = last;
    }
    const receiver = name === undefined || !Object.hasOwn(receivers, name) ? undefined : receivers[name];
    if (name === undefined || !receiver) {
      return refuse(
        new WebhookError(
          "RECEIVER_NOT_FOUND",
          `[@hookwire/core] No receiver is registered for "${name ?? ""}".`,
        ),
        { phase: "route" },
      );
    }
    const method =
      incoming.method.length === 4 && incoming.method === "POST" ? "POST" : incoming.method.toUpperCase();
    const allowed = allowedMethods.get(name)!;
    if (method !== "POST" && !allowed.includes(method)) {
      return refuse(
        new WebhookError(
          "METHOD_NOT_ALLOWED",
          `[@hookwire/core] ${method} is not accepted by the ${name} receiver.`,
          {
            headers: { allow: allowed.join(", ") },
          },
        ),
        { phase: "route", receiver: name },
      );
    }
    return { name, id, receiver, method, incoming, handleOptions };
  }

  /**
   * {@link Webhooks.route} in callback form, for a bridge whose request reads its body with
   * callbacks (the Node one): when nothing is asynchronous but the socket, no promise is made.
   */
  function routeInto(incoming: CallbackIncoming, handleOptions: HandleOptions, sink: RouteSink): void {
    let exchange: Exchange | Promise<RouteResult>;
    try {
      exchange = exchangeOf(incoming, handleOptions);
    } catch (error) {
      sink.fail(error);
      return;
    }
    if (exchange instanceof Promise) {
      deliver(exchange, sink);
      return;
    }
    const known = exchange;
    incoming.readInto(
      maxBodyBytes,
      (body) => {
        let result: RouteResult | Promise<RouteResult>;
        try {
          result = withBody(known, body);
        } catch (error) {
          sink.fail(error);
          return;
        }
        deliver(result, sink);
      },
      (cause) => deliver(unreadable(known, cause), sink),
    );
  }

  function unreadable(exchange: Exchange, cause: unknown): Promise<RouteResult> {
    const error = WebhookError.isInstance(cause)
      ? cause
      : new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The request body could not be read.", {
          cause,
        });
    return refuse(error, { phase: "route", receiver: exchange.name });
  }

  function withBody(exchange: Exchange, body: Uint8Array): RouteResult | Promise<RouteResult> {
    const { incoming, method, id } = exchange;
    const request: WebhookRequest =
      id === undefined
        ? { method, url: incoming.url, headers: incoming.headers, body }
        : { method, url: incoming.url, headers: incoming.headers, body, params: { id } };
    return exchange.receiver.handshake ? handshakeFirst(exchange, request) : verifyStep(exchange, request);
  }

  async function handshakeFirst(exchange: Exchange, request: WebhookRequest): Promise<RouteResult> {
    const { name, receiver, method } = exchange;
    try {
      const answer = await receiver.handshake!(request);
      if (answer) return { status: answer.status, headers: NO_HEADERS, body: "", response: answer };
    } catch (cause) {
      const error = WebhookError.isInstance(cause)
        ? cause
        : new WebhookError("HANDSHAKE_FAILED", `[@hookwire/core] The ${name} handshake failed.`, {
            cause,
          });
      return refuse(error, { phase: "handshake", receiver: name, request });
    }
    if (method !== "POST" && !eventMethods.get(name)!.includes(method)) {
      return refuse(
        new WebhookError(
          "METHOD_NOT_ALLOWED",
          `[@hookwire/core] ${method} is only accepted for the ${name} handshake.`,
          {
            headers: { allow: allowedMethods.get(name)!.join(", ") },
          },
        ),
        { phase: "route", receiver: name, request },
      );
    }
    return verifyStep(exchange, request);
  }

  function verifyStep(exchange: Exchange, request: WebhookRequest): RouteResult | Promise<RouteResult> {
    let verified: WebhookEvent | Promise<WebhookEvent>;
    try {
      verified = verifyNow(exchange.receiver, request);
    } catch (cause) {
      return unverified(exchange, request, cause);
    }
    if (!isThenable(verified)) return verifiedStep(exchange, request, verified);
    return Promise.resolve(verified).then(
      (event) => verifiedStep(exchange, request, event),
      (cause: unknown) => unverified(exchange, request, cause),
    );
  }

  function unverified(exchange: Exchange, request: WebhookRequest, cause: unknown): Promise<RouteResult> {
    const { name } = exchange;
    const error = WebhookError.isInstance(cause)
      ? cause
      : new WebhookError("INTERNAL_ERROR", `[@hookwire/core] The ${name} receiver failed.`, { cause });
    return refuse(error, { phase: "verify", receiver: name, request });
  }

  function verifiedStep(
    exchange: Exchange,
    request: WebhookRequest,
    event: WebhookEvent,
  ): RouteResult | Promise<RouteResult> {
    return idempotency ? dedupe(exchange, request, event) : answer(exchange, request, event, undefined);
  }

  /** Claim the event's id (or its items' ids) in the idempotency store, then answer. */
  async function dedupe(
    exchange: Exchange,
    request: WebhookRequest,
    event: WebhookEvent,
  ): Promise<RouteResult> {
    const { name, receiver } = exchange;
    const { store, ttlMs } = idempotency!;
    let keys: readonly string[] | undefined;
    const items = event.idempotencyKeys;
    if (items !== undefined && items.length > 0) {
      // Per item (a batch the provider re-batches on redelivery): claim each, hand on the fresh ones.
      const claimed: string[] = [];
      const fresh: string[] = [];
      const unique = new Set(items);
      for (const item of unique) {
        const key = `${name}:${item}`;
        if (await store.claim(key, ttlMs)) {
          claimed.push(key);
          fresh.push(item);
        }
      }
      if (fresh.length === 0) return success(receiver, event, DUPLICATE);
      keys = claimed;
      // narrowed when an item was done before, or appears twice in this batch (each is handled once)
      if (fresh.length < items.length && receiver.narrow) {
        try {
          event = receiver.narrow(event, fresh);
        } catch (cause) {
          await release(keys);
          return unverified(exchange, request, cause);
        }
      }
    } else if (event.id !== undefined) {
      const key = `${name}:${event.id}`;
      if (!(await store.claim(key, ttlMs))) return success(receiver, event, DUPLICATE);
      keys = [key];
    }
    return answer(exchange, request, event, keys);
  }

  /** Run the handlers and answer — at once, or after `respondWithin` with the handlers still running. */
  function answer(
    exchange: Exchange,
    request: WebhookRequest,
    event: WebhookEvent,
    keys: readonly string[] | undefined,
  ): RouteResult | Promise<RouteResult> {
    const { name, receiver, incoming, handleOptions } = exchange;
    const context = new LazyContext(name, incoming);
    const delay = ackDelay(name, receiver);
    if (delay === undefined) return settle(exchange, request, event, keys, context);
    const settled = Promise.resolve(settle(exchange, request, event, keys, context));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const early = new Promise<"early">((resolve) => {
      timer = setTimeout(() => resolve("early"), delay);
    });
    return Promise.race([settled, early]).then((winner) => {
      clearTimeout(timer);
      if (winner !== "early") return winner;
      const tracked = settled.finally(() => pending.delete(tracked));
      pending.add(tracked);
      handleOptions.waitUntil?.(tracked);
      // Early, but still the answer this provider requires (Salesforce's SOAP Ack, …).
      return success(receiver, event, ACCEPTED);
    });
  }

  /** The handlers' outcome as the answer: synchronous handlers cost no promise. */
  function settle(
    exchange: Exchange,
    request: WebhookRequest,
    event: WebhookEvent,
    keys: readonly string[] | undefined,
    context: HandlerContext,
  ): RouteResult | Promise<RouteResult> {
    let ran: Response | undefined | Promise<Response | undefined>;
    try {
      ran = runHandlers(exchange.name, event, context);
    } catch (cause) {
      return handlerFailed(exchange.name, event, keys, request, cause);
    }
    if (!isThenable(ran)) return handled(exchange.receiver, event, keys, ran);
    return Promise.resolve(ran).then(
      (response) => handled(exchange.receiver, event, keys, response),
      (cause: unknown) => handlerFailed(exchange.name, event, keys, request, cause),
    );
  }

  function handled(
    receiver: Receiver<any, string>,
    event: WebhookEvent,
    keys: readonly string[] | undefined,
    response: Response | undefined,
  ): RouteResult | Promise<RouteResult> {
    if (!response) return success(receiver, event, OK);
    const result: RouteResult = { status: response.status, headers: NO_HEADERS, body: "", response };
    // an error answer (a SOAP fault, a 503) makes the provider retry: the retry must run again
    return response.status >= 400 && keys !== undefined ? release(keys).then(() => result) : result;
  }

  function route(incoming: IncomingWebhook, handleOptions: HandleOptions = {}): Promise<RouteResult> {
    try {
      const result = routeNow(incoming, handleOptions);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function fetchIncoming(input: Request | WebhookRequest): IncomingWebhook {
    if (!isFetchRequest(input)) {
      return {
        method: input.method,
        url: input.url,
        headers: input.headers,
        read: (max) =>
          input.body.byteLength > max ? Promise.reject(tooLarge(max)) : Promise.resolve(input.body),
      };
    }
    return {
      method: input.method,
      url: input.url,
      headers: input.headers,
      signal: input.signal,
      read: async (max) => (await toWebhookRequest(input, { maxBodyBytes: max })).body,
    };
  }

  const webhooks: Webhooks<R> = {
    receivers,
    maxBodyBytes,
    on(receiver, type, handler, onOptions) {
      if (!Object.hasOwn(receivers, receiver)) {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[@hookwire/core] on("${receiver}", …): no receiver named "${receiver}". Add it to createWebhooks({ receivers }).`,
        );
      }
      if (typeof handler !== "function") {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[@hookwire/core] on("${receiver}", …) needs a handler function as its third argument.`,
        );
      }
      const names = (typeof type === "string" ? [type] : [...(type as readonly string[])]) as string[];
      registry.add(receiver, names, handler, onOptions?.order ?? 0);
      return this;
    },

    off(receiver, type, handler) {
      const names =
        type === undefined ? undefined : typeof type === "string" ? [type] : [...(type as readonly string[])];
      registry.remove(receiver, names, handler);
      return this;
    },

    async dispatch(input, dispatchOptions = {}) {
      let name = dispatchOptions.receiver;
      if (name === undefined && input.provider !== undefined) {
        if (Object.hasOwn(receivers, input.provider)) name = input.provider;
        else name = Object.keys(receivers).find((key) => receivers[key]!.provider === input.provider);
      }
      if (name === undefined || !Object.hasOwn(receivers, name)) {
        throw new WebhookError(
          "RECEIVER_NOT_FOUND",
          `[@hookwire/core] dispatch(): no receiver for ${name === undefined ? `provider "${input.provider ?? ""}"` : `"${name}"`}. Pass { receiver: "<name in createWebhooks({ receivers })>" }.`,
        );
      }
      if (typeof input?.type !== "string" || input.type === "") {
        throw new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] dispatch() needs an event with a type.");
      }
      const event: WebhookEvent = {
        provider: input.provider ?? receivers[name]!.provider,
        type: input.type,
        id: input.id,
        payload: input.payload,
        receivedAt:
          input.receivedAt === undefined
            ? new Date()
            : input.receivedAt instanceof Date
              ? input.receivedAt
              : new Date(input.receivedAt),
        request: input.request ?? {
          method: "POST",
          url: "",
          headers: new Headers(),
          body: new Uint8Array(0),
        },
        meta: input.meta ?? {},
      };
      try {
        return await runHandlers(name, event, handlerContext(name, { signal: dispatchOptions.signal }));
      } catch (cause) {
        const error = WebhookError.isInstance(cause) ? cause : handlerError(name, event, cause);
        await report(error, { phase: "handler", receiver: name, event });
        throw error;
      }
    },

    route,

    async handle(input, handleOptions = {}) {
      return resultToResponse(await route(fetchIncoming(input), handleOptions));
    },

    report,

    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
  Object.defineProperty(webhooks, ROUTE_INTO, { value: routeInto });
  return webhooks;
}
