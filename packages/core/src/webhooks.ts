import { WebhookError } from "./errors.js";
import type { IdempotencyStore } from "./idempotency.js";
import { memoryIdempotencyStore } from "./idempotency.js";
import { DEFAULT_MAX_BODY_BYTES, toWebhookRequest } from "./request.js";
import { jsonResponse } from "./response.js";
import type {
  EventFor,
  EventNameOf,
  Handler,
  HandlerContext,
  Receiver,
  WebhookEvent,
  WebhookRequest,
} from "./types.js";

/** Receivers by name: the name is what the URL's last path segment selects. */
export type Receivers = Record<string, Receiver<any, string>>;

/** Where an error happened, given to `onError`. */
export interface ErrorContext {
  /** `handshake`, `verify` (the request was refused) or `handler` (a handler threw). */
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
   * fails, so the provider's redelivery runs the handlers again.
   */
  idempotency?: boolean | IdempotencyStore | { store: IdempotencyStore; ttlMs?: number };
  /**
   * Acknowledge before the handlers finish: after this many milliseconds, the provider gets 202
   * and the handlers keep running (their errors go to `onError`). `"deadline"` uses each receiver's
   * provider deadline (GitHub 10 s, Slack 3 s) less a safety margin. Per receiver with a record.
   */
  respondWithin?: number | "deadline" | { [K in keyof R]?: number | "deadline" };
}

/** Options of {@link Webhooks.handle}. */
export interface HandleOptions {
  /** The receiver name; by default the last path segment of the URL. */
  receiver?: string;
  /** Keeps the runtime alive for handlers that outlive the response (serverless `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Options of {@link Webhooks.on}. */
export interface OnOptions {
  /** Handlers run in ascending order, then registration order (default 0). */
  order?: number;
}

interface Registration {
  receiver: string;
  names: readonly string[];
  handler: Handler<any>;
  order: number;
  seq: number;
}

/**
 * The router: picks the receiver, answers handshakes, verifies, dedupes and runs handlers.
 * Built by {@link createWebhooks}.
 */
export interface Webhooks<R extends Receivers = Receivers> {
  /** The receivers by name. */
  readonly receivers: R;
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
  /** Handle a Web `Request` (or a `WebhookRequest`) and return the `Response` to send. */
  handle(request: Request | WebhookRequest, options?: HandleOptions): Promise<Response>;
  /** Resolves when every handler still running after an early acknowledgement has finished. */
  drain(): Promise<void>;
}

const MARGIN_MS = 1_000;

function matches(name: string, type: string): boolean {
  if (name === "*" || name === type) return true;
  if (name.endsWith(".*") || name.endsWith(":*")) return type.startsWith(name.slice(0, -1));
  return type.startsWith(`${name}.`);
}

function lastSegment(url: string): string | undefined {
  // The path without parsing a URL: after "scheme://host", before "?" or "#".
  const scheme = url.indexOf("://");
  const start = scheme < 0 ? 0 : url.indexOf("/", scheme + 3);
  if (start < 0) return undefined;
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  let stop = end;
  while (stop > start && url.charCodeAt(stop - 1) === 47) stop--;
  const from = url.lastIndexOf("/", stop - 1);
  if (from < start || from + 1 >= stop) return undefined;
  try {
    return decodeURIComponent(url.slice(from + 1, stop));
  } catch {
    return undefined;
  }
}

function ok(body: Record<string, unknown>, status = 200): Response {
  return jsonResponse(body, status);
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
  const { receivers } = options;
  if (!receivers || typeof receivers !== "object") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      "[@hookwire/core] createWebhooks needs { receivers: { name: receiver } }.",
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const registrations: Registration[] = [];
  const pending = new Set<Promise<unknown>>();
  let seq = 0;

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

  function ackDelay(name: string, receiver: Receiver<any, string>): number | undefined {
    const setting = options.respondWithin;
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

  async function runHandlers(name: string, event: WebhookEvent): Promise<Response | undefined> {
    const selected = registrations
      .filter((r) => r.receiver === name && r.names.some((n) => matches(n, event.type)))
      .sort((a, b) => a.order - b.order || a.seq - b.seq);
    // The AbortController is made only if a handler reads `signal` (most never do).
    let controller: AbortController | undefined;
    const context: HandlerContext = {
      receiver: name,
      get signal() {
        controller ??= new AbortController();
        return controller.signal;
      },
    };
    let answer: Response | undefined;
    for (const registration of selected) {
      const result = await registration.handler(event, context);
      if (answer === undefined && result instanceof Response) answer = result;
    }
    return answer;
  }

  async function dispatch(
    name: string,
    event: WebhookEvent,
    key: string | undefined,
  ): Promise<Response | undefined> {
    try {
      return await runHandlers(name, event);
    } catch (cause) {
      if (key !== undefined && idempotency) await idempotency.store.release(key);
      const error = WebhookError.isInstance(cause)
        ? cause
        : new WebhookError(
            "HANDLER_FAILED",
            `[@hookwire/core] A handler for ${name} "${event.type}" failed.`,
            {
              cause,
            },
          );
      throw error;
    }
  }

  const webhooks: Webhooks<R> = {
    receivers,
    on(receiver, type, handler, onOptions) {
      if (!(receiver in receivers)) {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[@hookwire/core] on("${receiver}", …): no receiver named "${receiver}". Add it to createWebhooks({ receivers }).`,
        );
      }
      const names = (typeof type === "string" ? [type] : [...(type as readonly string[])]) as string[];
      registrations.push({ receiver, names, handler, order: onOptions?.order ?? 0, seq: seq++ });
      return this;
    },

    async handle(input, handleOptions = {}) {
      const name = handleOptions.receiver ?? lastSegment(input.url);
      const receiver = name === undefined ? undefined : receivers[name];
      if (name === undefined || !receiver || !Object.hasOwn(receivers, name)) {
        const error = new WebhookError(
          "RECEIVER_NOT_FOUND",
          `[@hookwire/core] No receiver is registered for "${name ?? ""}".`,
        );
        await report(error, { phase: "route" });
        return error.toResponse();
      }
      const method = input.method.toUpperCase();
      const allowed = ["POST", ...(receiver.handshake ? (receiver.handshakeMethods ?? []) : [])];
      if (!allowed.includes(method)) {
        const error = new WebhookError(
          "METHOD_NOT_ALLOWED",
          `[@hookwire/core] ${method} is not accepted by the ${name} receiver.`,
          { headers: { allow: allowed.join(", ") } },
        );
        await report(error, { phase: "route", receiver: name });
        return error.toResponse();
      }

      let request: WebhookRequest;
      try {
        request = await toWebhookRequest(input, { maxBodyBytes });
      } catch (cause) {
        const error = WebhookError.isInstance(cause)
          ? cause
          : new WebhookError("PAYLOAD_INVALID", "[@hookwire/core] The request body could not be read.", {
              cause,
            });
        await report(error, { phase: "route", receiver: name });
        return error.toResponse();
      }

      if (receiver.handshake) {
        try {
          const answer = await receiver.handshake(request);
          if (answer) return answer;
        } catch (cause) {
          const error = WebhookError.isInstance(cause)
            ? cause
            : new WebhookError("HANDSHAKE_FAILED", `[@hookwire/core] The ${name} handshake failed.`, {
                cause,
              });
          await report(error, { phase: "handshake", receiver: name, request });
          return error.toResponse();
        }
        if (method !== "POST") {
          const error = new WebhookError(
            "METHOD_NOT_ALLOWED",
            `[@hookwire/core] ${method} is only accepted for the ${name} handshake.`,
            { headers: { allow: allowed.join(", ") } },
          );
          await report(error, { phase: "route", receiver: name, request });
          return error.toResponse();
        }
      }

      let event: WebhookEvent;
      try {
        event = await receiver.verify(request);
      } catch (cause) {
        const error = WebhookError.isInstance(cause)
          ? cause
          : new WebhookError("INTERNAL_ERROR", `[@hookwire/core] The ${name} receiver failed.`, { cause });
        await report(error, { phase: "verify", receiver: name, request });
        return error.toResponse();
      }

      let key: string | undefined;
      if (idempotency && event.id !== undefined) {
        key = `${name}:${event.id}`;
        if (!(await idempotency.store.claim(key, idempotency.ttlMs))) {
          return receiver.respond?.(event) ?? ok({ ok: true, duplicate: true });
        }
      }

      const work = dispatch(name, event, key);
      const delay = ackDelay(name, receiver);
      const settle = async (): Promise<Response> => {
        try {
          return (await work) ?? receiver.respond?.(event) ?? ok({ ok: true });
        } catch (cause) {
          const error = cause as WebhookError;
          await report(error, { phase: "handler", receiver: name, event, request });
          return new WebhookError(
            "HANDLER_FAILED",
            `[@hookwire/core] A handler for ${name} "${event.type}" failed.`,
            {
              cause: error,
            },
          ).toResponse();
        }
      };
      if (delay === undefined) return settle();

      const settled = settle();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const early = new Promise<"early">((resolve) => {
        timer = setTimeout(() => resolve("early"), delay);
      });
      const winner = await Promise.race([settled, early]);
      clearTimeout(timer);
      if (winner !== "early") return winner;
      const tracked = settled.finally(() => pending.delete(tracked));
      pending.add(tracked);
      handleOptions.waitUntil?.(tracked);
      return ok({ ok: true, accepted: true }, 202);
    },

    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
  return webhooks;
}
