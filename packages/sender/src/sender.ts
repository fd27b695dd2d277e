import type { Sender } from "@hookwire/core";
import { attempter } from "./attempt.js";
import { createContext } from "./context.js";
import { deliveriesResource } from "./deliveries.js";
import { eventTypesResource } from "./event-types.js";
import { publishFunction } from "./publish.js";
import type { LookupFunction } from "./ssrf.js";
import { reencryptSecrets, subscriptionsResource } from "./subscriptions.js";
import type {
  Attempt,
  Delivery,
  DeliveryStatus,
  EventType,
  Page,
  PublishMessage,
  PublishResult,
  SenderEvents,
  Store,
  Subscription,
  SubscriptionStatus,
} from "./types.js";
import { createWorker, drain } from "./worker.js";

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
  /**
   * The development switch: accept and deliver to loopback (`localhost`, `127.0.0.1`, `::1`), private,
   * link-local and metadata addresses, over `http://` as well (default false: refused, https only).
   * `hookwire serve` calls it `--allow-private-network`. Never in production.
   */
  allowPrivateNetwork?: boolean;
  /** Accept `http://` subscription URLs (default false: https only, unless `allowPrivateNetwork`). */
  allowHttp?: boolean;
  /** The same switch said the other way round: `requireHttps: false` accepts `http://` URLs (default true). */
  requireHttps?: boolean;
  /**
   * How error messages name the development switch, for a surface that exposes `allowPrivateNetwork`
   * under another name (`hookwire serve` passes `"--allow-private-network"`). Default
   * `"allowPrivateNetwork: true"`.
   */
  developmentSwitchName?: string;
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
  /** At most this many deliveries per second, across every worker (default: no limit). */
  rateLimit?: number | null;
  /** ASP.NET-style check: GET the URL with `?echo=<random>`; the answer must contain it. */
  verify?: boolean;
}

/** Fields a subscription update may change. */
export type UpdateSubscriptionInput = Partial<
  Pick<Subscription, "url" | "eventTypes" | "headers" | "metadata" | "description" | "rateLimit">
> & {
  status?: SubscriptionStatus;
};

/** Options of `sender.deliveries.list`. */
export interface DeliveryListOptions extends Scope {
  status?: DeliveryStatus;
  eventId?: string;
  subscriptionId?: string;
  eventType?: string;
  /** Created at or after (ms). */
  since?: number;
  /** Created before (ms). */
  until?: number;
  cursor?: string;
  /** 1..250 (default 50). */
  limit?: number;
}

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
  /**
   * Attempts at once per subscription, counted across every worker process on the store, so that one
   * slow endpoint cannot take every slot (default max(1, concurrency / 4)).
   */
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
    /**
     * Deliveries in creation order, filtered. With `subscriptionId`, `eventType`, `since` or `until`, a
     * page may hold fewer than `limit` items and still have a `nextCursor` (the store reads a bounded
     * part of its index per call); only a null `nextCursor` ends the listing.
     */
    list(options?: DeliveryListOptions): Promise<Page<Delivery>>;
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

/**
 * Create a sender: subscriptions, publishing (the outbox), signed delivery with retries. Each resource
 * lives in its own file around one shared context (`context.ts`): `event-types.ts`, `subscriptions.ts`,
 * `publish.ts`, `deliveries.ts`, `worker.ts` and `attempt.ts`.
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
  const ctx = createContext(options);
  const attempt = attempter(ctx);
  return {
    eventTypes: eventTypesResource(ctx),
    subscriptions: subscriptionsResource(ctx),
    publish: publishFunction(ctx),
    deliveries: deliveriesResource(ctx),
    worker: (workerOptions) => createWorker(ctx, attempt, workerOptions),
    drain: (drainOptions = {}) => drain(ctx, attempt, drainOptions.limit),
    on: (event, listener) => ctx.on(event, listener),
    reencryptSecrets: () => reencryptSecrets(ctx),
    async close() {
      await ctx.http.close();
      await ctx.store.close();
    },
  };
}
