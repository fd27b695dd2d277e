import { WebhookError } from "@hookwire/core";
import { secretKey } from "@hookwire/standard-webhooks";
import { createHttpClient, type HttpClient } from "./deliver.js";
import { isValidFilter } from "./filters.js";
import { DEFAULT_RETRY_SCHEDULE } from "./retry.js";
import { SecretBox } from "./secrets-at-rest.js";
import type { SenderOptions } from "./sender.js";
import { assertAllowedHost } from "./ssrf.js";
import type { SenderEvents, Store, StoredSubscription, Subscription } from "./types.js";

export const PACKAGE = "@hookwire/sender";

export function notFound(kind: string, id: string): WebhookError {
  return new WebhookError("NOT_FOUND", `[${PACKAGE}] No ${kind} ${id}.`);
}

export function invalid(message: string): WebhookError {
  return new WebhookError("VALIDATION_FAILED", `[${PACKAGE}] ${message}`);
}

/**
 * What every resource of the sender shares: the store, the settings, the transport, the observers,
 * the secret box and the validation rules. Made once by `createSender`; each resource file takes it.
 */
export interface SenderContext {
  readonly store: Store;
  readonly options: SenderOptions;
  readonly now: () => number;
  readonly schedule: readonly number[];
  readonly timeoutMs: number;
  readonly disableAfterMs: number;
  readonly secretGraceMs: number;
  readonly allowPrivateNetwork: boolean;
  readonly allowHttp: boolean;
  /** How messages name the development switch (`allowPrivateNetwork: true`, or the caller's flag). */
  readonly switchName: string;
  readonly userAgent: string;
  readonly http: HttpClient;
  readonly box: SecretBox | undefined;
  /** The store migrated (once; a failure is tried again on the next call). */
  ready(): Promise<void>;
  emit<K extends keyof SenderEvents>(event: K, payload: SenderEvents[K]): void;
  on<K extends keyof SenderEvents>(event: K, listener: (payload: SenderEvents[K]) => void): () => void;
  seal(secret: string): string;
  open(secret: string): string;
  toPublic(stored: StoredSubscription): Subscription;
  withoutSecret(subscription: Subscription | StoredSubscription): Omit<Subscription, "secret">;
}

export function createContext(options: SenderOptions): SenderContext {
  const { store } = options;
  if (!store)
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] createSender needs { store }: memoryStore(), sqliteStore() or postgresStore().`,
    );
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  if (schedule.length === 0)
    throw new WebhookError("CONFIGURATION_INVALID", `[${PACKAGE}] retrySchedule needs at least one entry.`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const allowPrivateNetwork = options.allowPrivateNetwork ?? false;
  const switchName = options.developmentSwitchName ?? "allowPrivateNetwork: true";
  const box =
    options.secretEncryptionKey === undefined ? undefined : new SecretBox(options.secretEncryptionKey);
  const http = createHttpClient({
    timeoutMs,
    allowPrivateNetwork,
    switchName,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let migrated: Promise<void> | undefined;
  const open = (secret: string) => (box ? box.decrypt(secret) : secret);
  return {
    store,
    options,
    now: options.now ?? Date.now,
    schedule,
    timeoutMs,
    disableAfterMs: options.disableAfterMs ?? 5 * 24 * 3600_000,
    secretGraceMs: options.secretGraceMs ?? 24 * 3600_000,
    allowPrivateNetwork,
    // the development switch accepts http too, unless https is required in so many words
    allowHttp:
      options.allowHttp ??
      (options.requireHttps === undefined ? allowPrivateNetwork : options.requireHttps === false),
    switchName,
    userAgent: options.userAgent ?? "Hookwire/0.1 (+https://github.com/hookwire)",
    http,
    box,
    ready: () =>
      (migrated ??= store.migrate().catch((error: unknown) => {
        migrated = undefined;
        throw error;
      })),
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch {
          // a listener's failure never changes delivery
        }
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    seal: (secret) => (box ? box.encrypt(secret) : secret),
    open,
    toPublic(stored) {
      const { secrets, failingSince: _f, ...rest } = stored;
      return { ...rest, rateLimit: stored.rateLimit ?? null, secret: open(secrets[0]!.secret) };
    },
    withoutSecret(subscription) {
      const {
        secret: _s,
        secrets: _ss,
        failingSince: _f,
        ...rest
      } = subscription as Subscription & Partial<StoredSubscription>;
      return { ...rest, rateLimit: rest.rateLimit ?? null };
    },
  };
}

/** The validation rules of subscription fields, shared by create and update. */
export function validators(ctx: SenderContext) {
  function validateUrl(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new WebhookError("URL_INVALID", `[${PACKAGE}] "${url}" is not a URL.`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw new WebhookError("URL_INVALID", `[${PACKAGE}] Only http and https URLs can receive webhooks.`);
    }
    if (parsed.protocol === "http:" && !ctx.allowHttp) {
      throw new WebhookError(
        "URL_INVALID",
        `[${PACKAGE}] ${url} is plain http: the URL must use https. For development (http://localhost…), turn on ${ctx.switchName}${ctx.options.developmentSwitchName ? "" : " (or allowHttp: true for http alone)"}.`,
      );
    }
    if (parsed.username || parsed.password) {
      throw new WebhookError("URL_INVALID", `[${PACKAGE}] Put credentials in headers, not in the URL.`);
    }
    assertAllowedHost(parsed.hostname, ctx.allowPrivateNetwork, ctx.switchName);
  }

  async function validateFilters(filters: unknown): Promise<string[]> {
    if (
      !Array.isArray(filters) ||
      filters.length === 0 ||
      filters.some((f) => typeof f !== "string" || !isValidFilter(f))
    ) {
      throw invalid('eventTypes must be a non-empty list of event names, "prefix.*" or "*".');
    }
    const declared = await ctx.store.listEventTypes();
    if (declared.length > 0) {
      const names = new Set(declared.map((t) => t.name));
      const unknown = filters.filter((f) => f !== "*" && !f.endsWith(".*") && !names.has(f));
      if (unknown.length > 0)
        throw invalid(`Unknown event types: ${unknown.join(", ")}. Declare them first.`);
    }
    return [...new Set(filters as string[])];
  }

  function validateSecret(secret: string): void {
    let bytes: Uint8Array;
    try {
      bytes = secretKey(secret);
    } catch {
      throw invalid('secret must be "whsec_" followed by base64 of 24 to 64 random bytes.');
    }
    if (!secret.startsWith("whsec_") || bytes.length < 24 || bytes.length > 64) {
      throw invalid('secret must be "whsec_" followed by base64 of 24 to 64 random bytes.');
    }
  }

  function validateHeaders(headers: unknown): Record<string, string> {
    if (headers === undefined) return {};
    if (typeof headers !== "object" || headers === null || Array.isArray(headers))
      throw invalid("headers must be an object of strings.");
    for (const [k, v] of Object.entries(headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || typeof v !== "string" || /[\r\n\0]/.test(v)) {
        throw invalid(`header ${JSON.stringify(k)} is not a valid HTTP header.`);
      }
      if (/^(webhook-|content-type$|content-length$|host$|ms-signature$)/i.test(k))
        throw invalid(`header ${k} is set by Hookwire.`);
      if (/^(connection|keep-alive|transfer-encoding|te|trailer|upgrade|expect|proxy-.*)$/i.test(k))
        throw invalid(`header ${k} controls the connection and cannot be set per subscription.`);
    }
    return { ...(headers as Record<string, string>) };
  }

  function validateMetadata(metadata: unknown): Record<string, unknown> {
    if (metadata === undefined) return {};
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
      throw invalid("metadata must be an object.");
    return validateJson(metadata, "metadata") as Record<string, unknown>;
  }

  function validateRateLimit(rateLimit: unknown): number | null {
    if (rateLimit === null || rateLimit === undefined) return null;
    if (typeof rateLimit !== "number" || !Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 100_000)
      throw invalid("rateLimit must be a whole number of deliveries per second (1 to 100000), or null.");
    return rateLimit;
  }

  return {
    validateUrl,
    validateFilters,
    validateSecret,
    validateHeaders,
    validateMetadata,
    validateRateLimit,
  };
}

/** A JSON copy of `value`, refused when it cannot be serialised or holds NUL (which JSONB cannot store). */
export function validateJson(value: unknown, name: string): unknown {
  let json: string;
  let nul = false;
  try {
    json = JSON.stringify(value, (key, inner: unknown) => {
      if (key.includes("\0") || (typeof inner === "string" && inner.includes("\0"))) nul = true;
      return inner;
    });
  } catch (error) {
    throw new WebhookError("VALIDATION_FAILED", `[${PACKAGE}] ${name} cannot be serialised to JSON.`, {
      cause: error,
    });
  }
  // PostgreSQL's JSONB cannot hold NUL characters
  if (nul) throw invalid(`${name} must not contain NUL characters.`);
  return json === undefined ? undefined : JSON.parse(json);
}
