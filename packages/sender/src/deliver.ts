import { Agent, request as undiciRequest } from "undici";
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
  const send = async (
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<AttemptResult> => {
    const started = performance.now();
    try {
      const parsed = new URL(url);
      assertAllowedHost(parsed.hostname, options.allowPrivateNetwork, options.switchName);
      const response = await undiciRequest(parsed, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        dispatcher: agent,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await readCapped(response.body, cap);
      const retryAfter = response.headers["retry-after"];
      return {
        status: response.statusCode,
        body: text,
        durationMs: Math.round(performance.now() - started),
        error: null,
        retryAfter: Array.isArray(retryAfter) ? (retryAfter[0] ?? null) : (retryAfter ?? null),
      };
    } catch (error) {
      return {
        status: null,
        body: null,
        durationMs: Math.round(performance.now() - started),
        error: describe(error),
        retryAfter: null,
      };
    }
  };
  return {
    post: (url, headers, body) => send("POST", url, headers, body),
    get: (url, headers) => send("GET", url, headers),
    close: () => agent.close(),
  };
}
