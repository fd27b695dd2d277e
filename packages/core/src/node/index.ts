import type { IncomingMessage, ServerResponse } from "node:http";
import { WebhookError } from "../errors.js";
import { DEFAULT_MAX_BODY_BYTES, tooLarge } from "../request.js";
import { rawText } from "../response.js";
import type { HeaderReader, WebhookRequest } from "../types.js";
import {
  type CallbackIncoming,
  errorResult,
  type HandleOptions,
  type IncomingWebhook,
  ROUTE_INTO,
  type RouteInto,
  type RouteResult,
  type RouteSink,
  type Webhooks,
} from "../webhooks.js";

/** Options of {@link fromIncomingMessage}. */
export interface FromIncomingMessageOptions {
  /**
   * The largest body accepted, in bytes (default 5 MiB), for {@link fromIncomingMessage} and for
   * routers that only have `handle`; a router from `createWebhooks` applies its own `maxBodyBytes`.
   */
  maxBodyBytes?: number;
  /** Raw bytes that a framework already captured (e.g. `req.rawBody`); used instead of the stream. */
  body?: Uint8Array;
  /**
   * Text appended to `RAW_BODY_UNAVAILABLE` messages: how to fix the app's setup (a function of the
   * request, to name the path the handler is really mounted at).
   */
  rawBodyHint?: string | ((req: IncomingMessage) => string);
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` when building the URL (behind a proxy you control). */
  trustProxy?: boolean;
  /** The URL path to use instead of `req.url` (e.g. Express's `originalUrl`). */
  path?: string;
  /** `scheme://host` as the framework sees it (Fastify's `request.protocol` and `request.host`). */
  origin?: string;
}

type MaybeParsed = IncomingMessage & {
  rawBody?: unknown;
  body?: unknown;
  _body?: unknown;
  originalUrl?: string;
};

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * A {@link HeaderReader} over a Node request's own header object: nothing is copied. `get` is
 * case-insensitive and joins repeated values with ", " as Web `Headers` do; iteration yields
 * lower-case names (each `set-cookie` separately).
 *
 * @example
 * ```ts
 * const headers = nodeHeaders(req);
 * headers.get("X-GitHub-Event");
 * ```
 */
export function nodeHeaders(req: IncomingMessage): HeaderReader {
  return new NodeHeaderReader(req.headers);
}

class NodeHeaderReader implements HeaderReader {
  constructor(private readonly headers: IncomingMessage["headers"]) {}

  get(name: string): string | null {
    let value = this.headers[name];
    if (value === undefined) {
      const lower = name.toLowerCase();
      if (lower === name) return null;
      value = this.headers[lower];
      if (value === undefined) return null;
    }
    return typeof value === "string" ? value : value.join(", ");
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const key of Object.keys(this.headers).sort()) {
      const value = this.headers[key];
      if (value === undefined) continue;
      if (typeof value === "string") yield [key, value];
      else if (key === "set-cookie") for (const v of value) yield [key, v];
      else yield [key, value.join(", ")];
    }
  }
}

/** The headers of a Node request as Web `Headers` (invalid values are skipped, not fatal). */
export function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // a header value Headers refuses (e.g. control characters) is dropped
    }
  }
  return headers;
}

function requestUrl(req: MaybeParsed, options: FromIncomingMessageOptions): string {
  if (options.origin !== undefined) {
    const path = options.path ?? req.originalUrl ?? req.url ?? "/";
    try {
      return path.charCodeAt(0) === 47 && path.charCodeAt(1) !== 47 && !/[\s\\]/.test(path)
        ? `${options.origin}${path}`
        : new URL(path, options.origin).toString();
    } catch {
      return new URL(path, "http://localhost").toString();
    }
  }
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  let protocol = encrypted ? "https" : "http";
  let host = req.headers.host ?? "localhost";
  if (options.trustProxy) {
    const proto = String(req.headers["x-forwarded-proto"] ?? "")
      .split(",")[0]
      ?.trim();
    const fwdHost = String(req.headers["x-forwarded-host"] ?? "")
      .split(",")[0]
      ?.trim();
    if (proto) protocol = proto;
    if (fwdHost) host = fwdHost;
  }
  const path = options.path ?? req.originalUrl ?? req.url ?? "/";
  // The common case needs no URL parsing: an origin-form path and a plain host.
  if (
    path.charCodeAt(0) === 47 &&
    path.charCodeAt(1) !== 47 &&
    /^[A-Za-z0-9.:[\]-]+$/.test(host) &&
    !/[\s\\]/.test(path)
  ) {
    return `${protocol}://${host}${path}`;
  }
  try {
    return new URL(path, `${protocol}://${host}`).toString();
  } catch {
    return new URL(path, `${protocol}://localhost`).toString();
  }
}

function consumed(req: MaybeParsed): boolean {
  return (
    req.readableEnded || req._body === true || (req.body !== undefined && !isBytes(req.body) && req.complete)
  );
}

/**
 * Read the raw body of a Node request with a limit: `Content-Length` over the limit fails at once;
 * a streamed body fails as soon as it passes the limit, and nothing past it is buffered.
 *
 * @example
 * ```ts
 * const bytes = await readNodeBody(req, { maxBodyBytes: 1024 * 1024 });
 * ```
 */
export function readNodeBody(
  req: IncomingMessage,
  options: FromIncomingMessageOptions = {},
): Promise<Uint8Array> {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return new Promise<Uint8Array>((resolve, reject) => readStream(req, maxBytes, resolve, reject));
}

/**
 * Read the body stream with callbacks: `Content-Length` over the limit fails at once; a streamed
 * body fails as soon as it passes the limit, and nothing past it is buffered. The state lives on
 * the request and the listeners are module functions: no closures per request.
 */
function readStream(
  req: IncomingMessage,
  maxBytes: number,
  onBody: (body: Uint8Array) => void,
  onError: (error: WebhookError) => void,
): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    onError(tooLarge(maxBytes));
    return;
  }
  (req as ReadingRequest)[READING] = { chunks: [], total: 0, maxBytes, done: false, onBody, onError };
  req.on("data", onBodyData);
  req.on("end", onBodyEnd);
  req.on("error", onBodyError);
  req.on("close", onBodyClose);
}

const READING = Symbol("hookwire.reading");

interface ReadingState {
  chunks: Buffer[];
  total: number;
  maxBytes: number;
  done: boolean;
  onBody: (body: Uint8Array) => void;
  onError: (error: WebhookError) => void;
}

type ReadingRequest = IncomingMessage & { [READING]?: ReadingState };

function failReading(req: ReadingRequest, error: WebhookError): void {
  const state = req[READING];
  if (!state || state.done) return;
  state.done = true;
  state.chunks = [];
  req.off("data", onBodyData);
  state.onError(error);
}

function onBodyData(this: ReadingRequest, chunk: Buffer): void {
  const state = this[READING];
  if (!state || state.done) return;
  state.total += chunk.length;
  if (state.total > state.maxBytes) {
    this.pause();
    failReading(this, tooLarge(state.maxBytes));
    return;
  }
  state.chunks.push(chunk);
}

function onBodyEnd(this: ReadingRequest): void {
  const state = this[READING];
  if (!state || state.done) return;
  state.done = true;
  const { chunks, total } = state;
  state.chunks = [];
  const out = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  state.onBody(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
}

function onBodyError(this: ReadingRequest, error: Error): void {
  failReading(
    this,
    new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The request body could not be read.", {
      cause: error,
    }),
  );
}

function onBodyClose(this: ReadingRequest): void {
  if (!this.complete)
    failReading(
      this,
      new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The client aborted the request."),
    );
}

/**
 * Turn a Node `IncomingMessage` into a `WebhookRequest` with the raw body. Uses bytes a framework
 * already captured (`options.body`, `req.rawBody`, a `Buffer` `req.body`), else reads the stream;
 * fails with `RAW_BODY_UNAVAILABLE` when a body parser consumed the stream and kept no raw bytes.
 *
 * @example
 * ```ts
 * const request = await fromIncomingMessage(req, { maxBodyBytes: 1024 * 1024 });
 * const response = await hooks.handle(request);
 * ```
 */
export async function fromIncomingMessage(
  req: IncomingMessage,
  options: FromIncomingMessageOptions = {},
): Promise<WebhookRequest> {
  const method = (req.method ?? "GET").toUpperCase();
  const url = requestUrl(req as MaybeParsed, options);
  const body = await readRawBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, options);
  return { method, url, headers: nodeHeaders(req), body };
}

function hintOf(req: IncomingMessage, options: FromIncomingMessageOptions): string {
  const hint = options.rawBodyHint;
  if (typeof hint === "function") return hint(req);
  return (
    hint ??
    "Mount the webhook handler before any body parser, or capture the raw body (req.rawBody) in the parser's verify callback."
  );
}

/**
 * The raw body: captured bytes (returned as they are, no promise), else the stream, else
 * `RAW_BODY_UNAVAILABLE` when a parser consumed it (thrown).
 */
function readRawBody(
  req: IncomingMessage,
  maxBytes: number,
  options: FromIncomingMessageOptions,
): Uint8Array | Promise<Uint8Array> {
  return capturedBody(req, maxBytes, options) ?? readNodeBody(req, { maxBodyBytes: maxBytes });
}

/**
 * The body a framework already captured (`options.body`, `req.rawBody`, a byte `req.body`), or an
 * empty one when a parser consumed a request that had none; `undefined` when the stream is still
 * to be read. Throws `PAYLOAD_TOO_LARGE` past the limit and `RAW_BODY_UNAVAILABLE` when a parser
 * consumed the body and kept no copy.
 */
function capturedBody(
  req: IncomingMessage,
  maxBytes: number,
  options: FromIncomingMessageOptions,
): Uint8Array | undefined {
  const r = req as MaybeParsed;
  const captured = options.body ?? (isBytes(r.rawBody) ? r.rawBody : isBytes(r.body) ? r.body : undefined);
  if (captured) {
    if (captured.byteLength > maxBytes) throw tooLarge(maxBytes);
    return captured;
  }
  if (!consumed(r)) return undefined;
  const hasBody =
    Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody || r._body === true) {
    throw new WebhookError(
      "RAW_BODY_UNAVAILABLE",
      `[@hookwire/core] A body parser read the request before Hookwire could verify the raw bytes, and kept no copy of them. ${hintOf(req, options)}`,
    );
  }
  return new Uint8Array(0);
}

/**
 * The request as the router's {@link IncomingWebhook}: headers wrapped, not copied; the body read
 * only when the router asks (after it found the receiver and checked the method).
 *
 * @example
 * ```ts
 * const result = await hooks.route(toIncomingWebhook(req, res));
 * ```
 */
export function toIncomingWebhook(
  req: IncomingMessage,
  res: ServerResponse | undefined,
  options: FromIncomingMessageOptions = {},
): IncomingWebhook {
  return new NodeIncoming(req, res, options);
}

/** The Node request as an {@link IncomingWebhook}: a class, so nothing is allocated per request but itself. */
class NodeIncoming implements CallbackIncoming {
  readonly method: string;
  readonly headers: HeaderReader;
  private href: string | undefined;

  constructor(
    protected readonly req: IncomingMessage,
    protected readonly res: ServerResponse | undefined,
    private readonly options: FromIncomingMessageOptions,
  ) {
    this.method = req.method ?? "GET";
    this.headers = new NodeHeaderReader(req.headers);
  }

  /** The absolute URL, built on first use (most receivers never read it). */
  get url(): string {
    this.href ??= requestUrl(this.req as MaybeParsed, this.options);
    return this.href;
  }

  /**
   * The origin-form path the router routes by, without building the URL; `undefined` when the URL
   * would not be the origin and this path as they are (`//host/…`, backslashes, spaces), so the
   * router routes by the URL instead.
   */
  get path(): string | undefined {
    const path = this.options.path ?? (this.req as MaybeParsed).originalUrl ?? this.req.url ?? "/";
    return path.charCodeAt(0) === 47 && path.charCodeAt(1) !== 47 && !/[\s\\]/.test(path) ? path : undefined;
  }

  read(maxBytes: number): Uint8Array | Promise<Uint8Array> {
    return readRawBody(this.req, maxBytes, this.options);
  }

  readInto(maxBytes: number, onBody: (body: Uint8Array) => void, onError: (error: unknown) => void): void {
    let captured: Uint8Array | undefined;
    try {
      captured = capturedBody(this.req, maxBytes, this.options);
    } catch (error) {
      onError(error);
      return;
    }
    if (captured) onBody(captured);
    else readStream(this.req, maxBytes, onBody, onError);
  }

  onDisconnect(abort: () => void): void {
    // A client that goes away before the answer is written closes the response unfinished.
    const { req, res } = this;
    const target = res ?? req;
    const finished = () => (res ? res.writableFinished : req.complete);
    if (target.destroyed && !finished()) {
      abort();
      return;
    }
    target.once("close", () => {
      if (!finished()) abort();
    });
  }
}

/**
 * Write a Web `Response` to a Node `ServerResponse` (status, every header including several
 * `Set-Cookie`s, and the body).
 *
 * @example
 * ```ts
 * await writeResponse(res, await hooks.handle(request));
 * ```
 */
export async function writeResponse(res: ServerResponse, response: Response, method = "POST"): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (method === "HEAD" || response.body === null) {
    await response.body?.cancel();
    res.end();
    return;
  }
  const text = rawText(response);
  if (text !== undefined) {
    res.setHeader("content-length", Buffer.byteLength(text));
    res.end(text);
    return;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  res.setHeader("content-length", bytes.byteLength);
  res.end(bytes);
}

/** How much of an unread upload is discarded after an early answer before the connection is closed. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
/** A client that sends nothing for this long after an early answer is disconnected. */
const DRAIN_IDLE_MS = 1_000;
/** An early-answered upload is disconnected this long after the answer at the latest. */
const DRAIN_MAX_MS = 10_000;

/**
 * Answer a request with an error. When the request body was not read (an oversize upload), the
 * connection is closed after the answer: the rest of the upload is discarded, never buffered, for
 * at most 16 MiB (and 1 s without a byte, 10 s in all) so the client can read the answer.
 */
export function writeError(req: IncomingMessage, res: ServerResponse, error: WebhookError): void {
  writeResult(req, res, errorResult(error));
}

/**
 * Write the router's plain answer to a `ServerResponse` (status, headers, body; a `Response` a
 * handler returned is written through {@link writeResponse}). When the request body was not read
 * (a 404, 405 or 413 answered before reading), the connection is closed after the answer: the rest
 * of the upload is discarded, never buffered, for at most 16 MiB (and 1 s without a byte, 10 s in
 * all) so the client can read it.
 *
 * @example
 * ```ts
 * writeResult(req, res, await hooks.route(toIncomingWebhook(req, res)));
 * ```
 */
export function writeResult(
  req: IncomingMessage,
  res: ServerResponse,
  result: RouteResult,
  method = req.method ?? "POST",
): void | Promise<void> {
  if (res.headersSent || res.destroyed) return;
  if (result.response) return writeResponse(res, result.response, method);
  const headers: Record<string, string | number> = { ...result.headers };
  const length = Buffer.byteLength(result.body);
  headers["content-length"] = length;
  const unread = !req.complete && !req.readableEnded;
  if (unread) headers.connection = "close";
  res.writeHead(result.status, headers);
  if (unread) {
    // Keep reading (and discarding: nothing is buffered) while the client is still uploading, so
    // that it reads the answer instead of a reset; close after 16 MiB, after 1 s without a byte
    // (a stalled client), or 10 s after the answer, whichever comes first. The idle bound restarts
    // with each chunk, so a client that is merely slow (a busy machine) still gets the answer.
    let drained = 0;
    const stop = () => {
      clearTimeout(idle);
      clearTimeout(overall);
      req.destroy();
    };
    let idle = setTimeout(stop, DRAIN_IDLE_MS);
    const overall = setTimeout(stop, DRAIN_MAX_MS);
    idle.unref();
    overall.unref();
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_MAX_BYTES) return stop();
      clearTimeout(idle);
      idle = setTimeout(stop, DRAIN_IDLE_MS);
      idle.unref();
    });
    req.on("end", () => {
      clearTimeout(idle);
      clearTimeout(overall);
    });
    req.resume();
  }
  if (method === "HEAD") res.end();
  else res.end(result.body);
}

/**
 * The options every Node adapter shares (`@hookwire/express`, `@hookwire/koa`, `@hookwire/fastify`,
 * `@hookwire/next`'s pages handler extend it). The body limit is not here: it is the router's
 * (`createWebhooks({ maxBodyBytes })`), read from `hooks.maxBodyBytes`.
 *
 * @example
 * ```ts
 * const options: NodeAdapterOptions = { receiver: "stripe", trustProxy: true };
 * ```
 */
export interface NodeAdapterOptions {
  /** Always use this receiver instead of the one the path names. */
  receiver?: string;
  /** Trust `X-Forwarded-Proto`/`-Host` for the request URL (behind a proxy you control). */
  trustProxy?: boolean;
  /** Keep the process alive for handlers that outlive the response (with `respondWithin`). */
  waitUntil?: HandleOptions["waitUntil"];
}

/** Options of {@link handleNodeRequest} and {@link createNodeHandler}. */
export interface NodeHandlerOptions extends NodeAdapterOptions, FromIncomingMessageOptions, HandleOptions {}

/** A router, or any object with the router's `handle` (the management API of `@hookwire/server`). */
export type NodeRouter = Pick<Webhooks, "handle"> &
  Partial<Pick<Webhooks, "route" | "report" | "maxBodyBytes">>;

/**
 * Handle one Node request with the router and write the answer: the core of every Node adapter.
 * With a router from `createWebhooks`, the receiver and method are checked before the body is read,
 * the answer is written without Web objects, a client disconnect aborts `context.signal`, and every
 * refusal (including `RAW_BODY_UNAVAILABLE`) reaches `onError`.
 *
 * @example
 * ```ts
 * http.createServer((req, res) => void handleNodeRequest(hooks, req, res));
 * ```
 */
export function handleNodeRequest(
  hooks: NodeRouter,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeHandlerOptions = {},
): Promise<void> {
  const into = routeIntoOf(hooks);
  if (into) {
    return new Promise<void>((resolve, reject) => {
      const route = new NodeRoute(hooks, req, res, options, resolve, reject);
      into(route, options, route);
    });
  }
  if (typeof hooks.route !== "function") return handleWithFetchRouter(hooks, req, res, options);
  try {
    return hooks
      .route(new NodeIncoming(req, res, options), options)
      .then((result) => writeResult(req, res, result));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The callback form of `route` on a router from `createWebhooks`, if this router is one. */
function routeIntoOf(hooks: NodeRouter): RouteInto | undefined {
  const into = (hooks as { [ROUTE_INTO]?: RouteInto })[ROUTE_INTO];
  return typeof into === "function" ? into : undefined;
}

/**
 * One Node request through the router's callback form: the request it reads and the sink its
 * answer goes to, in one object. With `resolve`/`reject` it settles {@link handleNodeRequest}'s
 * promise; without them (a bare `createNodeHandler` listener) it answers failures itself.
 */
class NodeRoute extends NodeIncoming implements RouteSink {
  constructor(
    private readonly hooks: NodeRouter,
    req: IncomingMessage,
    private readonly response: ServerResponse,
    options: NodeHandlerOptions,
    private readonly resolve?: () => void,
    private readonly reject?: (error: unknown) => void,
  ) {
    super(req, response, options);
  }

  done(result: RouteResult): void {
    let written: void | Promise<void>;
    try {
      written = writeResult(this.req, this.response, result);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (written) written.then(this.resolve, (error: unknown) => this.fail(error));
    else this.resolve?.();
  }

  fail(error: unknown): void {
    if (this.reject) this.reject(error);
    else void failNodeRequest(this.hooks, this.req, this.response, error);
  }
}

/** A router with only `handle` (e.g. the management API): read the body, then hand it a request. */
async function handleWithFetchRouter(
  hooks: NodeRouter,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeHandlerOptions,
): Promise<void> {
  let request: WebhookRequest;
  try {
    request = await fromIncomingMessage(req, {
      ...options,
      maxBodyBytes: options.maxBodyBytes ?? hooks.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    });
  } catch (error) {
    const coded = WebhookError.isInstance(error)
      ? error
      : new WebhookError("INTERNAL_ERROR", "[@hookwire/core] The request could not be read.", {
          cause: error,
        });
    if (!res.headersSent) writeError(req, res, coded);
    return;
  }
  const response = await hooks.handle(request, options);
  if (!res.headersSent) await writeResponse(res, response, request.method);
}

/**
 * Answer a request that failed outside the router (an adapter's own failure): report it to
 * `onError` when the router has one, then write the coded error (or drop the connection if an
 * answer was already started).
 *
 * @example
 * ```ts
 * handleNodeRequest(hooks, req, res).catch((error) => failNodeRequest(hooks, req, res, error));
 * ```
 */
export function failNodeRequest(
  hooks: NodeRouter,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  packageName = "@hookwire/core",
): Promise<void> {
  const coded = WebhookError.isInstance(error)
    ? error
    : new WebhookError("INTERNAL_ERROR", `[${packageName}] The request failed.`, { cause: error });
  const reported = hooks.report ? hooks.report(coded, { phase: "route" }) : Promise.resolve();
  return reported.then(() => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // An answer that failed half-way (a header Node refuses) may have set its status text already.
    res.statusMessage = "";
    writeError(req, res, coded);
  });
}

/**
 * A `(req, res)` listener for a bare `http.createServer`. The receiver is the last path segment
 * (`POST /webhooks/github`), the one before it for `/webhooks/{receiver}/{id}`, or `options.receiver`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createNodeHandler } from "@hookwire/core/node";
 *
 * createServer(createNodeHandler(hooks)).listen(3000);
 * ```
 */
export function createNodeHandler(
  hooks: NodeRouter,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const into = routeIntoOf(hooks);
  if (into) {
    // No promise per request: the router answers through the request object itself.
    return (req, res) => {
      const route = new NodeRoute(hooks, req, res, options);
      into(route, options, route);
    };
  }
  return (req, res) => {
    handleNodeRequest(hooks, req, res, options).catch((error: unknown) =>
      failNodeRequest(hooks, req, res, error),
    );
  };
}

/**
 * Adapters take no body limit of their own: it is set once, on the router. A `maxBodyBytes` passed
 * to an adapter (from JavaScript, or from code written for an older version) is refused with the fix.
 *
 * @example
 * ```ts
 * assertNoAdapterLimit(options, "@hookwire/express");
 * ```
 */
export function assertNoAdapterLimit(options: object | undefined, packageName: string): void {
  if (options && (options as { maxBodyBytes?: unknown }).maxBodyBytes !== undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] maxBodyBytes is set once, on the router: createWebhooks({ receivers, maxBodyBytes: ${String((options as { maxBodyBytes?: unknown }).maxBodyBytes)} }); the adapter reads it from there. Remove it from the adapter's options.`,
    );
  }
}
