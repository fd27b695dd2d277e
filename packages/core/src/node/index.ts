import type { IncomingMessage, ServerResponse } from "node:http";
import { WebhookError } from "../errors.js";
import { DEFAULT_MAX_BODY_BYTES, tooLarge } from "../request.js";
import { rawText } from "../response.js";
import type { WebhookRequest } from "../types.js";
import type { HandleOptions, Webhooks } from "../webhooks.js";

/** Options of {@link fromIncomingMessage}. */
export interface FromIncomingMessageOptions {
  /** The largest body accepted, in bytes (default 5 MiB). */
  maxBodyBytes?: number;
  /** Raw bytes that a framework already captured (e.g. `req.rawBody`); used instead of the stream. */
  body?: Uint8Array;
  /** Text appended to `RAW_BODY_UNAVAILABLE` messages: how to fix the app's setup. */
  rawBodyHint?: string;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` when building the URL (behind a proxy you control). */
  trustProxy?: boolean;
  /** The URL path to use instead of `req.url` (e.g. Express's `originalUrl`). */
  path?: string;
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
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      req.off("close", onClose);
    };
    const fail = (error: WebhookError) => {
      if (done) return;
      done = true;
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        chunks.length = 0;
        req.pause();
        fail(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      const out = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    };
    const onError = (error: Error) =>
      fail(
        new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The request body could not be read.", {
          cause: error,
        }),
      );
    const onAborted = () =>
      fail(new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The client aborted the request."));
    const onClose = () => {
      if (!req.complete) onAborted();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
    req.on("close", onClose);
  });
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
  const r = req as MaybeParsed;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const method = (req.method ?? "GET").toUpperCase();
  const headers = toHeaders(req);
  const url = requestUrl(r, options);
  let body: Uint8Array;
  const captured = options.body ?? (isBytes(r.rawBody) ? r.rawBody : isBytes(r.body) ? r.body : undefined);
  if (captured) {
    if (captured.byteLength > maxBytes) throw tooLarge(maxBytes);
    body = captured;
  } else if (consumed(r)) {
    const hasBody =
      Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (hasBody || r._body === true) {
      throw new WebhookError(
        "RAW_BODY_UNAVAILABLE",
        `[@hookwire/core] A body parser read the request before Hookwire could verify the raw bytes, and kept no copy of them. ${
          options.rawBodyHint ??
          "Mount the webhook handler before any body parser, or capture the raw body (req.rawBody) in the parser's verify callback."
        }`,
      );
    }
    body = new Uint8Array(0);
  } else {
    body = await readNodeBody(req, { maxBodyBytes: maxBytes });
  }
  return { method, url, headers, body };
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

/**
 * Answer a request with an error. When the request body was not read (an oversize upload), the
 * connection is closed after the answer: the rest of the upload is discarded, never buffered, for
 * at most 1 s or 16 MiB so the client can read the answer.
 */
export function writeError(req: IncomingMessage, res: ServerResponse, error: WebhookError): void {
  const body = JSON.stringify(error.toJSON());
  const unread = !req.readableEnded;
  res.statusCode = error.status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
  if (unread) {
    res.setHeader("connection", "close");
    // Keep reading (and discarding: nothing is buffered) for a moment so that a client still
    // uploading reads the answer instead of a reset; then close, at most 1 s or 16 MiB later.
    let drained = 0;
    const stop = () => req.destroy();
    const timer = setTimeout(stop, 1_000);
    timer.unref();
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > 16 * 1024 * 1024) stop();
    });
    req.on("end", () => clearTimeout(timer));
    req.resume();
  }
  res.end(body);
}

/** Options of {@link handleNodeRequest} and {@link createNodeHandler}. */
export interface NodeHandlerOptions extends FromIncomingMessageOptions, HandleOptions {}

/**
 * Handle one Node request with the router and write the answer: the core of every Node adapter.
 *
 * @example
 * ```ts
 * http.createServer((req, res) => void handleNodeRequest(hooks, req, res));
 * ```
 */
export async function handleNodeRequest(
  hooks: Pick<Webhooks, "handle">,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeHandlerOptions = {},
): Promise<void> {
  let request: WebhookRequest;
  try {
    request = await fromIncomingMessage(req, options);
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
 * A `(req, res)` listener for a bare `http.createServer`. The receiver is the last path segment
 * (`POST /webhooks/github`), or `options.receiver`.
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
  hooks: Pick<Webhooks, "handle">,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handleNodeRequest(hooks, req, res, options).catch((error: unknown) => {
      if (!res.headersSent) {
        writeError(
          req,
          res,
          new WebhookError("INTERNAL_ERROR", "[@hookwire/core] The request failed.", { cause: error }),
        );
      } else res.destroy();
    });
  };
}
