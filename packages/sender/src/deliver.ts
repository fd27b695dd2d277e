import { Agent, type Dispatcher } from "undici";
import { assertAllowedHost, guardedLookup, type LookupFunction } from "./ssrf.js";

/** What one HTTP attempt came to. */
export interface AttemptResult {
  status: number | null;
  /** The first bytes of the body, as text (up to the cap). */
  body: string | null;
  durationMs: number;
  error: string | null;
  retryAfter: string | null;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  timeoutMs: number;
  allowPrivateNetwork: boolean;
  /** How refusals name the development switch (default `allowPrivateNetwork: true`). */
  switchName?: string;
  /** Response bytes kept for the attempt log (default 4 KiB). */
  maxResponseBytes?: number;
  /** Replace DNS resolution (tests). */
  lookup?: LookupFunction;
  /** Replace the transport entirely: a fetch-compatible function (tests, special runtimes). */
  fetch?: typeof fetch;
}

/** Sends one signed POST: no redirects, a timeout, the SSRF guard, and a capped body read. */
export interface HttpClient {
  post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult>;
  /** A GET through the same guard (endpoint verification). */
  get(url: string, headers: Record<string, string>): Promise<AttemptResult>;
  close(): Promise<void>;
}

async function readCapped(
  stream: AsyncIterable<Uint8Array> & { destroy?: () => void },
  cap: number,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const room = cap - size;
    if (room <= 0) break;
    const piece = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    chunks.push(piece);
    size += piece.byteLength;
    if (size >= cap) break;
  }
  stream.destroy?.();
  // NUL cannot be stored in a PostgreSQL TEXT column; an answer with one must not make the attempt unrecordable
  return Buffer.concat(chunks).toString("utf8").replaceAll("\u0000", "\uFFFD");
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The delivery transport on undici: every connection resolves the host through the SSRF guard and
 * connects to the address that was checked; redirects are never followed (a 3xx is a failed attempt).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const cap = options.maxResponseBytes ?? 4096;
  if (options.fetch) {
    const doFetch = options.fetch;
    const send = async (
      method: "GET" | "POST",
      url: string,
      headers: Record<string, string>,
      body?: string,
    ) => {
      const started = performance.now();
      try {
        assertAllowedHost(new URL(url).hostname, options.allowPrivateNetwork, options.switchName);
        const response = await doFetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = response.body
          ? await readCapped(response.body as unknown as AsyncIterable<Uint8Array>, cap)
          : "";
        return {
          status: response.status,
          body: text,
          durationMs: Math.round(performance.now() - started),
          error: null,
          retryAfter: response.headers.get("retry-after"),
        };
      } catch (error) {
        return {
          status: null,
          body: null,
          durationMs: Math.round(performance.now() - started),
          error: describe(error),
          retryAfter: null,
        } as AttemptResult;
      }
    };
    return {
      post: (url, headers, body) => send("POST", url, headers, body),
      get: (url, headers) => send("GET", url, headers),
      async close() {},
    };
  }
  const agent = new Agent({
    connect: {
      lookup: guardedLookup({
        allowPrivateNetwork: options.allowPrivateNetwork,
        lookup: options.lookup,
        ...(options.switchName ? { switchName: options.switchName } : {}),
      }) as never,
      timeout: options.timeoutMs,
    },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
  });
  /** Where each endpoint URL goes, parsed and checked once (a worker sends to the same few URLs again and again). */
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      assertAllowedHost(parsed.hostname, options.allowPrivateNetwork, options.switchName);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (targets.size >= 1_000) targets.clear();
      targets.set(url, target);
    }
    return target;
  };
  /**
   * One request through undici's dispatcher with a handler of its own: the status, `Retry-After` and at most
   * `cap` bytes of the body are all an attempt keeps, so no response stream, abort signal or promise per
   * chunk is made. Redirects are not followed (the dispatcher never does); one timer bounds the whole
   * request, connection included, as the agent's header and body timeouts bound each wait.
   */
  const send = (
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<AttemptResult> =>
    new Promise<AttemptResult>((resolve) => {
      const started = performance.now();
      let settled = false;
      let abort: ((reason: Error) => void) | undefined;
      let status = 0;
      let retryAfter: string | null = null;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const durationMs = Math.round(performance.now() - started);
        if (error !== undefined) {
          resolve({ status: null, body: null, durationMs, error: describe(error), retryAfter: null });
          return;
        }
        // NUL cannot be stored in a PostgreSQL TEXT column; an answer with one must not make the attempt unrecordable
        const text = Buffer.concat(chunks).toString("utf8").replaceAll("\u0000", "\uFFFD");
        resolve({ status, body: text, durationMs, error: null, retryAfter });
      };
      const timer = setTimeout(() => {
        const error = new DOMException("The operation was aborted due to timeout", "TimeoutError");
        finish(error);
        abort?.(error);
      }, options.timeoutMs);
      let target: { origin: string; path: string };
      try {
        target = targetOf(url);
      } catch (error) {
        finish(error);
        return;
      }
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abortRequest) {
          abort = abortRequest;
          if (settled) abortRequest(new Error("request settled"));
        },
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
            const name = rawHeaders[i]!;
            if (name.length === 11 && name.toString("latin1").toLowerCase() === "retry-after") {
              retryAfter = rawHeaders[i + 1]!.toString("latin1");
              break;
            }
          }
          return true;
        },
        onData(chunk) {
          const room = cap - size;
          if (room > 0) {
            const piece = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
            chunks.push(piece);
            size += piece.byteLength;
          }
          if (size >= cap) {
            // enough kept: the rest of the body is not read (the connection is closed, as before)
            finish(undefined);
            abort?.(new Error("response body cap reached"));
            return false;
          }
          return true;
        },
        onComplete() {
          finish(undefined);
        },
        onError(error) {
          finish(error);
        },
      };
      try {
        agent.dispatch(
          {
            origin: target.origin,
            path: target.path,
            method,
            headers,
            ...(body === undefined ? {} : { body }),
          },
          handler,
        );
      } catch (error) {
        finish(error);
      }
    });
  return {
    post: (url, headers, body) => send("POST", url, headers, body),
    get: (url, headers) => send("GET", url, headers),
    close: () => agent.close(),
  };
}
