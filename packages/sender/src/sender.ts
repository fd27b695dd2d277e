import { hmacString, type Sender, WebhookError } from "@hookwire/core";
import { generateSecret, secretKey, signStandardWebhook } from "@hookwire/standard-webhooks";
import { createHttpClient, type HttpClient } from "./deliver.js";
import { isValidFilter, matchesEventType } from "./filters.js";
import { newId } from "./ids.js";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseRetryAfter } from "./retry.js";
import { SecretBox } from "./secrets-at-rest.js";
import { assertAllowedHost, type LookupFunction } from "./ssrf.js";
import type {
  Attempt,
  Delivery,
  DeliveryStatus,
  EventType,
  LeasedDelivery,
  Page,
  PublishMessage,
  PublishResult,
  SenderEvents,
  Store,
  StoredSubscription,
  Subscription,
  SubscriptionStatus,
} from "./types.js";

const PACKAGE = "@hookwire/sender";

/**
 * Options of {@link createSender}.
 *
 * @example
 * ```ts
 * const options: SenderOptions = { store: memoryStore(), retrySchedule: [0, 1_000, 60_000], timeoutMs: 5_000 };
 * ```
 */
export interface SenderOptions {
  /** Where subscriptions, events and deliveries live: `memoryStore()`, `sqliteStore()`, `postgresStore()`. */
  store: Store;
  /** Delays before each attempt, in ms (default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  retrySchedule?: readonly number[];
  /** ± jitter on each delay (default 0.2). */
  retryJitter?: number;
  /** The longest `Retry-After` honoured, in ms (default 1 h). */
  maxRetryAfterMs?: number;
  /** Timeout of one attempt, in ms (default 15 s). */
  timeoutMs?: number;
  /** Deliver to private, loopback, link-local and metadata addresses (default false: refused). */
  allowPrivateNetwork?: boolean;
  /** Accept `http://` subscription URLs (default false: https only). */
  allowHttp?: boolean;
  /** The same switch said the other way round: `requireHttps: false` accepts `http://` URLs (default true). */
  requireHttps?: boolean;
  /** `standard-webhooks` (default) or ASP.NET WebHooks' `ms-signature`. */
  signatureFormat?: "standard-webhooks" | "ms-signature";
  /** Encrypt subscription secrets at rest (AES-256-GCM); several keys: the first encrypts, all decrypt. */
  secretEncryptionKey?: string | readonly string[];
  /** Disable a subscription that has failed without a success for this long (default 5 days). */
  disableAfterMs?: number;
  /** How long an old secret keeps signing after `rotateSecret` (default 24 h). */
  secretGraceMs?: number;
  /** Replace the transport with a fetch-compatible function (tests). The SSRF check then covers IP-literal hosts only. */
  fetch?: typeof fetch;
  /** Replace DNS resolution for the SSRF guard (tests). */
  lookup?: LookupFunction;
  /** The clock (ms). */
  now?: () => number;
  /** The `User-Agent` of deliveries. */
  userAgent?: string;
}

/**
 * Fields to create a subscription.
 *
 * @example
 * ```ts
 * await sender.subscriptions.create({ url: "https://customer.example/hooks", eventTypes: ["invoice.*"], owner: "tenant_42" });
 * ```
 */
export interface CreateSubscriptionInput {
  url: string;
  eventTypes: string[];
  owner?: string;
  secret?: string;
  headers?: Record<string, string>;
  metadata?: Record<string, unknown>;
  description?: string;
  /** ASP.NET-style check: GET the URL with `?echo=<random>`; the answer must contain it. */
  verify?: boolean;
}

/** Fields a subscription update may change. */
export type UpdateSubscriptionInput = Partial<
  Pick<Subscription, "url" | "eventTypes" | "headers" | "metadata" | "description">
> & {
  status?: SubscriptionStatus;
};

/** Owner scoping for reads and writes: another owner's resource is not found. */
export interface Scope {
  owner?: string;
}

/**
 * A delivery worker: `start()`, then `stop()` waits for the attempts in flight.
 *
 * @example
 * ```ts
 * const worker = sender.worker({ concurrency: 16 });
 * worker.start();
 * process.on("SIGTERM", () => void worker.stop());
 * ```
 */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
  /** Attempts in flight now. */
  readonly inFlight: number;
}

/** Options of {@link HookwireSender.worker}. */
export interface WorkerOptions {
  /** Attempts at once (default 10). */
  concurrency?: number;
  /** Attempts at once per subscription, so that one slow endpoint cannot take every slot (default max(1, concurrency / 4)). */
  perSubscriptionConcurrency?: number;
  /** How often an idle worker looks for due deliveries (default 500 ms). */
  pollIntervalMs?: number;
  /** How long a leased delivery stays with this worker before others may take it (default timeout × 2 + 5 s). */
  leaseMs?: number;
}

/**
 * The sender that {@link createSender} returns.
 *
 * @example
 * ```ts
 * const sender: HookwireSender = createSender({ store: memoryStore() });
 * const { id, deliveries } = await sender.publish({ type: "invoice.paid", data: { id: "in_1" } });
 * ```
 */
export interface HookwireSender extends Sender {
  readonly eventTypes: {
    define(type: EventType): Promise<EventType>;
    list(): Promise<EventType[]>;
  };
  readonly subscriptions: {
    create(input: CreateSubscriptionInput): Promise<Subscription>;
    get(id: string, scope?: Scope): Promise<Subscription>;
    list(options?: Scope & { cursor?: string; limit?: number }): Promise<Page<Subscription>>;
    update(id: string, patch: UpdateSubscriptionInput, scope?: Scope): Promise<Subscription>;
    delete(id: string, scope?: Scope): Promise<void>;
    pause(id: string, scope?: Scope): Promise<Subscription>;
    resume(id: string, scope?: Scope): Promise<Subscription>;
    rotateSecret(id: string, options?: Scope & { graceMs?: number; secret?: string }): Promise<Subscription>;
  };
  /** Publish an event to every matching, active subscription of its owner. */
  publish(message: PublishMessage, options?: { client?: unknown }): Promise<PublishResult>;
  readonly deliveries: {
    list(
      options?: Scope & { status?: DeliveryStatus; eventId?: string; cursor?: string; limit?: number },
    ): Promise<Page<Delivery>>;
    get(id: string, scope?: Scope): Promise<Delivery>;
    attempts(id: string, scope?: Scope): Promise<Attempt[]>;
    /** Send a failed delivery again (one more attempt, now). */
    retry(id: string, scope?: Scope): Promise<Delivery>;
    counts(scope?: Scope): Promise<Record<DeliveryStatus, number>>;
  };
  /** A delivery worker on this sender's store. */
  worker(options?: WorkerOptions): Worker;
  /** Process due deliveries once, until none is due (tests, cron-style use). Returns how many attempts were made. */
  drain(options?: { limit?: number }): Promise<number>;
  /** Observe state changes. Returns a function that stops listening. */
  on<K extends keyof SenderEvents>(event: K, listener: (payload: SenderEvents[K]) => void): () => void;
  /** Re-encrypt every secret with the first `secretEncryptionKey` (after a key rotation). Returns how many were rewritten. */
  reencryptSecrets(): Promise<number>;
  close(): Promise<void>;
}

function notFound(kind: string, id: string): WebhookError {
  return new WebhookError("NOT_FOUND", `[${PACKAGE}] No ${kind} ${id}.`);
}

function invalid(message: string): WebhookError {
  return new WebhookError("VALIDATION_FAILED", `[${PACKAGE}] ${message}`);
}

/**
 * Create a sender: subscriptions, publishing (the outbox), signed delivery with retries.
 *
 * @example
 * ```ts
 * import { createSender } from "@hookwire/sender";
 * import { sqliteStore } from "@hookwire/store-sqlite";
 *
 * const sender = createSender({ store: sqliteStore({ filename: "webhooks.db" }) });
 * await sender.subscriptions.create({ url: "https://customer.example/hooks", eventTypes: ["invoice.*"] });
 * await sender.publish({ type: "invoice.paid", data: { id: "in_1" } });
 * sender.worker({ concurrency: 8 }).start();
 * ```
 */
export function createSender(options: SenderOptions): HookwireSender {
  const { store } = options;
  if (!store)
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] createSender needs { store }: memoryStore(), sqliteStore() or postgresStore().`,
    );
  const now = options.now ?? Date.now;
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  if (schedule.length === 0)
    throw new WebhookError("CONFIGURATION_INVALID", `[${PACKAGE}] retrySchedule needs at least one entry.`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const disableAfterMs = options.disableAfterMs ?? 5 * 24 * 3600_000;
  const secretGraceMs = options.secretGraceMs ?? 24 * 3600_000;
  const allowPrivateNetwork = options.allowPrivateNetwork ?? false;
  const allowHttp = options.allowHttp ?? options.requireHttps === false;
  const box =
    options.secretEncryptionKey === undefined ? undefined : new SecretBox(options.secretEncryptionKey);
  const http: HttpClient = createHttpClient({
    timeoutMs,
    allowPrivateNetwork,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const userAgent = options.userAgent ?? "Hookwire/0.1 (+https://github.com/hookwire)";
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let migrated: Promise<void> | undefined;
  // a failed migration (database down at start) is tried again on the next call, not cached
  const ready = () =>
    (migrated ??= store.migrate().catch((error: unknown) => {
      migrated = undefined;
      throw error;
    }));

  function emit<K extends keyof SenderEvents>(event: K, payload: SenderEvents[K]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (p: SenderEvents[K]) => void)(payload);
      } catch {
        // a listener's failure never changes delivery
      }
    }
  }

  const seal = (secret: string) => (box ? box.encrypt(secret) : secret);
  const open = (secret: string) => (box ? box.decrypt(secret) : secret);

  function toPublic(stored: StoredSubscription): Subscription {
    const { secrets, failingSince: _f, ...rest } = stored;
    return { ...rest, secret: open(secrets[0]!.secret) };
  }

  function withoutSecret(subscription: Subscription): Omit<Subscription, "secret"> {
    const { secret: _s, ...rest } = subscription;
    return rest;
  }

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
    if (parsed.protocol === "http:" && !allowHttp) {
      throw new WebhookError(
        "URL_INVALID",
        `[${PACKAGE}] The URL must use https. Set allowHttp to accept http URLs (development).`,
      );
    }
    if (parsed.username || parsed.password) {
      throw new WebhookError("URL_INVALID", `[${PACKAGE}] Put credentials in headers, not in the URL.`);
    }
    assertAllowedHost(parsed.hostname, allowPrivateNetwork);
  }

  async function validateFilters(filters: unknown): Promise<string[]> {
    if (
      !Array.isArray(filters) ||
      filters.length === 0 ||
      filters.some((f) => typeof f !== "string" || !isValidFilter(f))
    ) {
      throw invalid('eventTypes must be a non-empty list of event names, "prefix.*" or "*".');
    }
    const declared = await store.listEventTypes();
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

  /** A JSON copy of `value`, refused when it cannot be serialised or holds NUL (which JSONB cannot store). */
  function validateJson(value: unknown, name: string): unknown {
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

  async function load(id: string, scope: Scope = {}): Promise<StoredSubscription> {
    await ready();
    const found = await store.getSubscription(id, scope.owner);
    if (!found) throw notFound("subscription", id);
    return found;
  }

  async function save(subscription: StoredSubscription): Promise<Subscription> {
    subscription.updatedAt = now();
    await store.updateSubscription(subscription);
    return toPublic(subscription);
  }

  async function disable(
    subscription: StoredSubscription,
    reason: "gone" | "failing" | "manual",
  ): Promise<void> {
    subscription.status = "disabled";
    subscription.disabledReason = reason;
    const saved = await save(subscription);
    emit("subscription.disabled", { subscription: withoutSecret(saved), reason });
  }

  function activeSecrets(subscription: StoredSubscription, at: number): string[] {
    return subscription.secrets
      .filter((s) => s.expiresAt === null || s.expiresAt > at)
      .map((s) => open(s.secret));
  }

  async function signHeaders(leased: LeasedDelivery, at: number): Promise<Record<string, string>> {
    const { event, subscription } = leased;
    const secrets = activeSecrets(subscription, at);
    const timestamp = Math.floor(at / 1000);
    const headers: Record<string, string> = {
      ...subscription.headers,
      "content-type": "application/json",
      "user-agent": userAgent,
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
    };
    if (options.signatureFormat === "ms-signature") {
      headers["ms-signature"] = `sha256=${await hmacString("SHA-256", secrets[0]!, event.payload, "hex")}`;
    } else {
      headers["webhook-signature"] = await signStandardWebhook({
        id: event.id,
        timestamp,
        body: event.payload,
        secrets,
      });
    }
    return headers;
  }

  /** Make one attempt of a leased delivery and record it. */
  async function attempt(leased: LeasedDelivery): Promise<void> {
    const startedAt = now();
    const number = leased.delivery.attempts + 1;
    let result: Awaited<ReturnType<HttpClient["post"]>>;
    try {
      result = await http.post(
        leased.subscription.url,
        await signHeaders(leased, startedAt),
        leased.event.payload,
      );
    } catch (error) {
      result = {
        status: null,
        body: null,
        durationMs: now() - startedAt,
        error: (error as Error).message,
        retryAfter: null,
      };
    }
    const record: Attempt = {
      id: newId("att"),
      deliveryId: leased.delivery.id,
      attempt: number,
      startedAt,
      durationMs: result.durationMs,
      status: result.status,
      responseBody: result.body,
      error:
        result.error ??
        (result.status !== null && (result.status < 200 || result.status > 299)
          ? `HTTP ${result.status}`
          : null),
    };
    const ok = result.status !== null && result.status >= 200 && result.status <= 299;
    const gone = result.status === 410;
    const finishedAt = now();
    const next =
      ok || gone
        ? null
        : nextAttemptAt(number, finishedAt, {
            schedule,
            jitter: options.retryJitter ?? 0.2,
            retryAfterMs: parseRetryAfter(result.retryAfter, finishedAt),
            maxRetryAfterMs: options.maxRetryAfterMs ?? 3600_000,
          });
    const status: DeliveryStatus = ok ? "delivered" : next === null ? "failed" : "pending";
    const recorded = await store.complete(leased, record, {
      status,
      nextAttemptAt: next,
      error: record.error,
    });
    if (!recorded) return; // the lease was lost: another worker owns this delivery now
    const delivery: Delivery = {
      ...leased.delivery,
      attempts: number,
      status,
      nextAttemptAt: next,
      lastError: record.error,
      lastStatus: result.status,
      updatedAt: finishedAt,
    };
    if (ok) emit("delivery.succeeded", { delivery, attempt: record });
    else if (status === "failed") emit("delivery.failed", { delivery, attempt: record });
    else emit("delivery.attempt_failed", { delivery, attempt: record, nextAttemptAt: next! });

    // subscription health: 410 disables at once; a long run of failures disables too.
    // A success on a subscription that was healthy when leased needs no store round trip (the hot path).
    if (ok && leased.subscription.failingSince === null) return;
    const subscription = await store.getSubscription(leased.subscription.id);
    if (!subscription || subscription.status === "disabled") return;
    if (ok) {
      if (subscription.failingSince !== null) {
        subscription.failingSince = null;
        await save(subscription);
      }
    } else if (gone) {
      await disable(subscription, "gone");
    } else if (subscription.failingSince === null) {
      subscription.failingSince = startedAt;
      await save(subscription);
    } else if (finishedAt - subscription.failingSince >= disableAfterMs) {
      await disable(subscription, "failing");
    }
  }

  async function page<T extends { id: string }>(items: Promise<T[]>, limit: number): Promise<Page<T>> {
    const list = await items;
    return { items: list, nextCursor: list.length === limit ? list[list.length - 1]!.id : null };
  }

  const clampLimit = (limit: number | undefined) =>
    typeof limit === "number" && Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), 250) : 50;

  const sender: HookwireSender = {
    eventTypes: {
      async define(type) {
        await ready();
        if (
          typeof type?.name !== "string" ||
          type.name === "*" ||
          type.name.endsWith(".*") ||
          !isValidFilter(type.name)
        ) {
          throw invalid("An event type name is dot-separated words (invoice.paid).");
        }
        const clean: EventType = {
          name: type.name,
          ...(type.description ? { description: String(type.description) } : {}),
          ...(type.schema === undefined ? {} : { schema: validateJson(type.schema, "schema") }),
        };
        await store.defineEventType(clean);
        return clean;
      },
      async list() {
        await ready();
        return store.listEventTypes();
      },
    },

    subscriptions: {
      async create(input) {
        await ready();
        if (typeof input?.url !== "string") throw invalid("url is required.");
        validateUrl(input.url);
        const eventTypes = await validateFilters(input.eventTypes);
        const secret = input.secret ?? generateSecret(32);
        validateSecret(secret);
        const headers = validateHeaders(input.headers);
        const metadata = validateMetadata(input.metadata);
        if (input.verify) {
          const echo = newId("echo");
          const url = new URL(input.url);
          url.searchParams.set("echo", echo);
          const answer = await http.get(url.toString(), { "user-agent": userAgent });
          if (
            answer.status === null ||
            answer.status < 200 ||
            answer.status > 299 ||
            !answer.body?.includes(echo)
          ) {
            throw invalid(
              `The endpoint did not echo the verification value (${answer.error ?? `HTTP ${answer.status}`}).`,
            );
          }
        }
        const at = now();
        const stored: StoredSubscription = {
          id: newId("sub"),
          owner: input.owner ?? "",
          url: input.url,
          eventTypes,
          secrets: [{ secret: seal(secret), expiresAt: null }],
          headers,
          metadata,
          description: input.description ?? "",
          status: "active",
          disabledReason: null,
          failingSince: null,
          createdAt: at,
          updatedAt: at,
        };
        await store.insertSubscription(stored);
        const created = toPublic(stored);
        emit("subscription.created", { subscription: withoutSecret(created) });
        return created;
      },
      async get(id, scope) {
        return toPublic(await load(id, scope));
      },
      async list(listOptions = {}) {
        await ready();
        const limit = clampLimit(listOptions.limit);
        const result = await page(
          store.listSubscriptions({
            ...(listOptions.owner === undefined ? {} : { owner: listOptions.owner }),
            ...(listOptions.cursor ? { after: listOptions.cursor } : {}),
            limit,
          }),
          limit,
        );
        return { items: result.items.map(toPublic), nextCursor: result.nextCursor };
      },
      async update(id, patch, scope) {
        const subscription = await load(id, scope);
        if (patch.url !== undefined) {
          validateUrl(patch.url);
          subscription.url = patch.url;
        }
        if (patch.eventTypes !== undefined) subscription.eventTypes = await validateFilters(patch.eventTypes);
        if (patch.headers !== undefined) subscription.headers = validateHeaders(patch.headers);
        if (patch.metadata !== undefined) subscription.metadata = validateMetadata(patch.metadata);
        if (patch.description !== undefined) subscription.description = String(patch.description);
        const disabling = patch.status === "disabled" && subscription.status !== "disabled";
        if (patch.status !== undefined) {
          if (!["active", "paused", "disabled"].includes(patch.status))
            throw invalid("status is active, paused or disabled.");
          if (patch.status !== subscription.status) {
            subscription.status = patch.status;
            subscription.disabledReason = patch.status === "disabled" ? "manual" : null;
          }
          if (patch.status === "active") subscription.failingSince = null;
        }
        const saved = await save(subscription);
        emit("subscription.updated", { subscription: withoutSecret(saved) });
        if (disabling)
          emit("subscription.disabled", { subscription: withoutSecret(saved), reason: "manual" });
        return saved;
      },
      async delete(id, scope) {
        await ready();
        if (!(await store.deleteSubscription(id, scope?.owner))) throw notFound("subscription", id);
        emit("subscription.deleted", { id, owner: scope?.owner });
      },
      async pause(id, scope) {
        return sender.subscriptions.update(id, { status: "paused" }, scope);
      },
      async resume(id, scope) {
        return sender.subscriptions.update(id, { status: "active" }, scope);
      },
      async rotateSecret(id, rotateOptions = {}) {
        const subscription = await load(id, rotateOptions);
        const secret = rotateOptions.secret ?? generateSecret(32);
        validateSecret(secret);
        const at = now();
        const grace = rotateOptions.graceMs ?? secretGraceMs;
        subscription.secrets = [
          { secret: seal(secret), expiresAt: null },
          ...subscription.secrets
            .map((s) => ({
              secret: s.secret,
              expiresAt: s.expiresAt === null ? at + grace : Math.min(s.expiresAt, at + grace),
            }))
            .filter((s) => s.expiresAt > at),
        ];
        const saved = await save(subscription);
        emit("subscription.updated", { subscription: withoutSecret(saved) });
        return saved;
      },
    },

    async publish(message, publishOptions = {}) {
      await ready();
      if (typeof message?.type !== "string" || !isValidFilter(message.type) || message.type.endsWith("*")) {
        throw invalid("type must be an event name (invoice.paid).");
      }
      if (
        message.id !== undefined &&
        (typeof message.id !== "string" || message.id.length === 0 || message.id.length > 255)
      ) {
        throw invalid("id must be a non-empty string of at most 255 characters.");
      }
      const declared = await store.listEventTypes();
      if (declared.length > 0 && !declared.some((t) => t.name === message.type)) {
        throw invalid(`Unknown event type ${message.type}. Declare it first.`);
      }
      const at = now();
      const id = message.id ?? newId("msg");
      let payload: string;
      try {
        payload = JSON.stringify({
          type: message.type,
          timestamp: new Date(at).toISOString(),
          data: message.data ?? null,
        });
      } catch (error) {
        throw new WebhookError("VALIDATION_FAILED", `[${PACKAGE}] data cannot be serialised to JSON.`, {
          cause: error,
        });
      }
      const event = { id, owner: message.owner ?? "", type: message.type, payload, createdAt: at };
      const result = await store.publish(event, (s) => matchesEventType(s.eventTypes, message.type), {
        newId: () => newId("dlv"),
        ...(publishOptions.client === undefined ? {} : { client: publishOptions.client }),
      });
      if (result.created) emit("event.published", { event, deliveries: result.deliveries });
      return { id, deliveries: result.deliveries, created: result.created };
    },

    deliveries: {
      async list(listOptions = {}) {
        await ready();
        const limit = clampLimit(listOptions.limit);
        return page(
          store.listDeliveries({
            limit,
            ...(listOptions.owner === undefined ? {} : { owner: listOptions.owner }),
            ...(listOptions.status === undefined ? {} : { status: listOptions.status }),
            ...(listOptions.eventId === undefined ? {} : { eventId: listOptions.eventId }),
            ...(listOptions.cursor ? { after: listOptions.cursor } : {}),
          }),
          limit,
        );
      },
      async get(id, scope = {}) {
        await ready();
        const found = await store.getDelivery(id, scope.owner);
        if (!found) throw notFound("delivery", id);
        return found;
      },
      async attempts(id, scope = {}) {
        await sender.deliveries.get(id, scope);
        return store.listAttempts(id);
      },
      async retry(id, scope = {}) {
        const delivery = await sender.deliveries.get(id, scope);
        if (delivery.status === "pending")
          throw new WebhookError("CONFLICT", `[${PACKAGE}] Delivery ${id} is already pending.`);
        const requeued = await store.requeue(id, scope.owner, now());
        if (!requeued) throw notFound("delivery", id);
        emit("delivery.requeued", { delivery: requeued });
        return requeued;
      },
      async counts(scope = {}) {
        await ready();
        return store.countDeliveries(scope.owner);
      },
    },

    worker(workerOptions = {}) {
      const concurrency = Math.max(1, workerOptions.concurrency ?? 10);
      const perSubscription = Math.max(
        1,
        workerOptions.perSubscriptionConcurrency ?? Math.ceil(concurrency / 4),
      );
      const pollIntervalMs = workerOptions.pollIntervalMs ?? 500;
      const leaseMs = workerOptions.leaseMs ?? timeoutMs * 2 + 5_000;
      const leaseBatch = Math.max(1, Math.ceil(concurrency / 4));
      const inFlight = new Set<Promise<void>>();
      const perSub = new Map<string, number>();
      let running = false;
      let loop: Promise<void> | undefined;
      let wake: (() => void) | undefined;
      let controller = new AbortController();

      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });

      async function run(): Promise<void> {
        while (running) {
          try {
            await ready();
            break;
          } catch {
            await sleep(pollIntervalMs); // the store is unreachable for now; try again
          }
        }
        while (running) {
          const free = concurrency - inFlight.size;
          let leased: LeasedDelivery[] = [];
          // Lease in batches: wait until a quarter of the slots are free (one store transaction for
          // several deliveries instead of one per delivery), unless the worker is idle.
          if (free > 0 && (free >= leaseBatch || inFlight.size === 0)) {
            try {
              leased = await store.lease({
                now: now(),
                limit: free,
                leaseMs,
                perSubscription: { limit: perSubscription, inFlight: Object.fromEntries(perSub) },
              });
            } catch {
              await sleep(pollIntervalMs); // the store is unreachable for now; try again
              continue;
            }
          }
          for (const item of leased) {
            const sub = item.subscription.id;
            perSub.set(sub, (perSub.get(sub) ?? 0) + 1);
            const task: Promise<void> = attempt(item)
              .catch(() => {
                // a store failure while recording: the lease expires and the delivery is retried
              })
              .finally(() => {
                inFlight.delete(task);
                const left = (perSub.get(sub) ?? 1) - 1;
                if (left <= 0) perSub.delete(sub);
                else perSub.set(sub, left);
                wake?.();
              });
            inFlight.add(task);
          }
          if (!running) break;
          if (leased.length === free && free > 0) continue; // there may be more due right now
          if (inFlight.size > concurrency - leaseBatch || leased.length > 0) await sleep(pollIntervalMs);
          else if (store.waitForWork)
            await Promise.race([store.waitForWork(pollIntervalMs, controller.signal), sleep(pollIntervalMs)]);
          else await sleep(pollIntervalMs);
        }
      }

      return {
        get inFlight() {
          return inFlight.size;
        },
        start() {
          if (running) return;
          running = true;
          controller = new AbortController();
          loop = run().catch(() => {
            running = false;
          });
        },
        async stop() {
          running = false;
          controller.abort();
          wake?.();
          await loop;
          await Promise.allSettled([...inFlight]);
        },
      };
    },

    async drain(drainOptions = {}) {
      await ready();
      let made = 0;
      const limit = drainOptions.limit ?? 10_000;
      while (made < limit) {
        const leased = await store.lease({
          now: now(),
          limit: Math.min(50, limit - made),
          leaseMs: timeoutMs * 2 + 5_000,
        });
        if (leased.length === 0) break;
        await Promise.all(leased.map((item) => attempt(item)));
        made += leased.length;
      }
      return made;
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

    async reencryptSecrets() {
      if (!box)
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[${PACKAGE}] reencryptSecrets needs secretEncryptionKey.`,
        );
      await ready();
      let count = 0;
      let after: string | undefined;
      for (;;) {
        const batch = await store.listSubscriptions({ limit: 250, ...(after ? { after } : {}) });
        for (const subscription of batch) {
          if (!subscription.secrets.some((s) => box.isStale(s.secret))) continue;
          subscription.secrets = subscription.secrets.map((s) => ({
            ...s,
            secret: box.encrypt(box.decrypt(s.secret)),
          }));
          await store.updateSubscription(subscription);
          count++;
        }
        if (batch.length < 250) break;
        after = batch[batch.length - 1]!.id;
      }
      return count;
    },

    async close() {
      await http.close();
      await store.close();
    },
  };
  return sender;
}
