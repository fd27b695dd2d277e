import type { PublishMessage, PublishResult } from "@hookwire/core";

/**
 * A declared event type.
 *
 * @example
 * ```ts
 * await sender.eventTypes.define({ name: "invoice.paid", description: "An invoice was paid" });
 * ```
 */
export interface EventType {
  /** The name (`invoice.paid`). */
  name: string;
  /** What it means, for subscribers. */
  description?: string;
  /** A JSON schema of `data`, for documentation. */
  schema?: unknown;
}

/** A subscription's state. */
export type SubscriptionStatus = "active" | "paused" | "disabled";

/** A secret of a subscription; during a rotation the old one keeps signing until `expiresAt`. */
export interface SubscriptionSecret {
  /** `whsec_…`. */
  secret: string;
  /** When the secret stops signing (ms since epoch), or null while current. */
  expiresAt: number | null;
}

/**
 * A subscription: where to send which events, signed with which secrets.
 *
 * @example
 * ```ts
 * const subscription: Subscription = await sender.subscriptions.get("sub_…", { owner: "tenant_42" });
 * ```
 */
export interface Subscription {
  id: string;
  /** The tenant the subscription belongs to (`""` for single-tenant use). */
  owner: string;
  url: string;
  /** Exact names, `prefix.*`, or `*`. */
  eventTypes: string[];
  /** The current secret (`whsec_…`). */
  secret: string;
  /** Extra headers sent with every delivery. */
  headers: Record<string, string>;
  metadata: Record<string, unknown>;
  description: string;
  status: SubscriptionStatus;
  /** At most this many deliveries per second to this subscription, across every worker (null: no limit). */
  rateLimit: number | null;
  /** Why the subscription was disabled (`gone`, `failing`, `manual`). */
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A stored subscription: every secret (current and rotating out) and failure tracking. */
export interface StoredSubscription extends Omit<Subscription, "secret"> {
  /** Secrets, current first; may be encrypted at rest by the sender (opaque to the store). */
  secrets: SubscriptionSecret[];
  /** Start of the current run of failures without a success (ms), or null. */
  failingSince: number | null;
}

/** A published event. */
export interface StoredEvent {
  id: string;
  owner: string;
  type: string;
  /** The JSON body sent to subscribers: `{"type","timestamp","data"}`. */
  payload: string;
  createdAt: number;
}

/** A delivery's state. */
export type DeliveryStatus = "pending" | "delivered" | "failed";

/**
 * One event to one subscription.
 *
 * @example
 * ```ts
 * const { items } = await sender.deliveries.list({ status: "failed" }); // Delivery[]: the dead letters
 * ```
 */
export interface Delivery {
  id: string;
  eventId: string;
  subscriptionId: string;
  owner: string;
  eventType: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due (ms), for pending deliveries. */
  nextAttemptAt: number | null;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * One HTTP attempt, in the attempt log.
 *
 * @example
 * ```ts
 * for (const a of await sender.deliveries.attempts(deliveryId)) console.log(a.status, a.durationMs, a.error);
 * ```
 */
export interface Attempt {
  id: string;
  deliveryId: string;
  /** 1-based. */
  attempt: number;
  startedAt: number;
  /** Milliseconds from the request to the end of the response (or the failure). */
  durationMs: number;
  /** The HTTP status, or null when no response came (network error, timeout, refused address). */
  status: number | null;
  /**
   * The headers Hookwire set on the request: the subscription's own headers, `content-type`,
   * `user-agent`, `webhook-id`, `webhook-timestamp` and the signature (never the secret itself).
   * Null when no request was prepared, or for attempts recorded before the store kept headers.
   */
  requestHeaders: Record<string, string> | null;
  /** The first 4 KiB of the response body. */
  responseBody: string | null;
  /** What went wrong, for failed attempts. */
  error: string | null;
}

/**
 * A delivery leased to a worker, with what it needs to send it. `subscription` is null when the
 * subscription was deleted after the event was published; the sender then settles the delivery.
 */
export interface LeasedDelivery {
  delivery: Delivery;
  event: StoredEvent;
  subscription: StoredSubscription | null;
  /** Proves the lease when recording the outcome. */
  leaseToken: string;
}

/** A page of a list. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * A filtered listing of deliveries, in id (creation) order, for {@link Store.queryDeliveries}. A store
 * walks an index in id order from `after` and reads at most `scanLimit` of its entries looking for
 * matches, so a very selective filter answers in bounded time with a cursor to continue from.
 */
export interface DeliveryQuery {
  owner?: string;
  status?: DeliveryStatus;
  subscriptionId?: string;
  eventType?: string;
  /** Only ids greater than this (a cursor, or {@link deliveryIdAt} of a time). */
  after?: string;
  /** Only ids less than this ({@link deliveryIdAt} of a time). */
  before?: string;
  limit: number;
  /** Index entries read at most before answering (at least `limit`). */
  scanLimit: number;
}

/** What {@link Store.queryDeliveries} answers. */
export interface DeliveryQueryPage {
  /** At most `limit` matches, in id order. */
  items: Delivery[];
  /**
   * Where to continue (pass as `after`): the last item's id when `limit` matched, the last id read when
   * the scan stopped at `scanLimit` (more may exist), null when the range holds no further match.
   */
  cursor: string | null;
}

/**
 * How an SQL store answers a {@link DeliveryQuery}: the index it walks in id order (named for SQLite's
 * `INDEXED BY`) with the conditions that index serves, and the conditions evaluated on the rows read.
 * Failed rows are walked through partial indexes (`deliveries_failed (owner, id)`,
 * `deliveries_failed_subscription (subscription_id, id)`, both `WHERE status = 'failed'`), the others
 * through `deliveries_owner (owner, id)`. Conditions use `?` placeholders, values in order.
 *
 * @example
 * ```ts
 * const plan = planDeliveryQuery({ owner: "acme", status: "failed", limit: 50, scanLimit: 5000 });
 * // { index: "deliveries_failed", walk: ["status = 'failed'", "owner = ?"], walked: ["acme"], filters: [], filtered: [] }
 * ```
 */
export function planDeliveryQuery(query: DeliveryQuery): {
  index: "deliveries_failed_subscription" | "deliveries_failed" | "deliveries_owner" | undefined;
  walk: string[];
  walked: unknown[];
  filters: string[];
  filtered: unknown[];
} {
  const { owner, status, subscriptionId, eventType } = query;
  const plan: ReturnType<typeof planDeliveryQuery> = {
    index: undefined,
    walk: [],
    walked: [],
    filters: [],
    filtered: [],
  };
  const walk = (sql: string, value: unknown) => {
    plan.walk.push(sql);
    plan.walked.push(value);
  };
  const filter = (sql: string, value: unknown) => {
    plan.filters.push(sql);
    plan.filtered.push(value);
  };
  if (status === "failed") plan.walk.push("status = 'failed'");
  else if (status !== undefined) filter("status = ?", status);
  if (status === "failed" && subscriptionId !== undefined) {
    plan.index = "deliveries_failed_subscription";
    walk("subscription_id = ?", subscriptionId);
    if (owner !== undefined) filter("owner = ?", owner);
  } else {
    if (owner !== undefined) {
      plan.index = status === "failed" ? "deliveries_failed" : "deliveries_owner";
      walk("owner = ?", owner);
    }
    if (subscriptionId !== undefined) filter("subscription_id = ?", subscriptionId);
  }
  if (eventType !== undefined) filter("event_type = ?", eventType);
  if (query.after !== undefined) walk("id > ?", query.after);
  if (query.before !== undefined) walk("id < ?", query.before);
  return plan;
}

/** Options of {@link Store.lease}. */
export interface LeaseOptions {
  now: number;
  limit: number;
  leaseMs: number;
  /** Leave deliveries of subscriptions in these states alone (the sender holds `paused` ones). */
  hold?: readonly SubscriptionStatus[];
  /** Subscriptions to leave alone in this call. */
  skipSubscriptions?: readonly string[];
  /**
   * At most this many deliveries of one subscription leased at once, counted across every worker
   * process on the store (unexpired leases), not only this caller's.
   */
  perSubscription?: number;
}

/** Fields {@link Store.patchSubscription} may change; absent fields are left as they are. */
export interface SubscriptionPatch {
  url?: string;
  eventTypes?: string[];
  headers?: Record<string, string>;
  metadata?: Record<string, unknown>;
  description?: string;
  rateLimit?: number | null;
  /** A new status; `disabledReason` is set with it (kept when the status does not change), and `active` clears the failure run. */
  status?: SubscriptionStatus;
  disabledReason?: string | null;
}

/** How one attempt (or a settlement without an attempt) ends, for {@link Store.completeMany}. */
export interface Completion {
  leased: LeasedDelivery;
  /** The attempt to log; absent when the sender settles a delivery without sending it (orphaned, disabled). */
  attempt?: Attempt;
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  error: string | null;
}

/**
 * The secrets after a rotation: `secret` first (current), every other one expiring within `graceMs`,
 * those already expired dropped. Stores call it inside their rotation transaction.
 *
 * @example
 * ```ts
 * const next = rotatedSecrets(current.secrets, "whsec_…", Date.now(), 24 * 3600_000);
 * ```
 */
export function rotatedSecrets(
  secrets: readonly SubscriptionSecret[],
  secret: string,
  at: number,
  graceMs: number,
): SubscriptionSecret[] {
  return [
    { secret, expiresAt: null },
    ...secrets
      .map((s) => ({
        secret: s.secret,
        expiresAt: s.expiresAt === null ? at + graceMs : Math.min(s.expiresAt, at + graceMs),
      }))
      .filter((s) => s.expiresAt > at),
  ];
}

/**
 * The filter keys that accept an event type: the type itself, `*`, and `prefix.*` for each of its
 * prefixes. A store matches subscriptions by looking these up in its filter index.
 *
 * @example
 * ```ts
 * filterKeys("invoice.paid.late") // ["invoice.paid.late", "*", "invoice.*", "invoice.paid.*"]
 * ```
 */
export function filterKeys(type: string): string[] {
  const keys = [type, "*"];
  let at = type.indexOf(".");
  while (at > 0) {
    keys.push(`${type.slice(0, at)}.*`);
    at = type.indexOf(".", at + 1);
  }
  return keys;
}

/**
 * How many of each subscription's candidates a lease may take: the per-subscription cap (minus what is
 * leased already, by any worker) and the rate limit (minus what was leased in the current second).
 * Candidates come in due order; the result keeps that order. Stores call it inside their lease transaction.
 *
 * @example
 * ```ts
 * const chosen = withinAllowance(due, { limit: 16, perSubscription: 4, leased: new Map(), rate: new Map() });
 * ```
 */
export function withinAllowance<T extends { subscriptionId: string }>(
  candidates: readonly T[],
  options: {
    limit: number;
    perSubscription?: number | undefined;
    skipSubscriptions?: readonly string[] | undefined;
    /** Deliveries of each subscription under an unexpired lease now. */
    leased?: ReadonlyMap<string, number>;
    /** Deliveries each rate-limited subscription may still start in the current second. */
    rate?: ReadonlyMap<string, number>;
  },
): T[] {
  const skip = new Set(options.skipSubscriptions ?? []);
  const taken = new Map<string, number>();
  const out: T[] = [];
  for (const candidate of candidates) {
    if (out.length >= options.limit) break;
    const sub = candidate.subscriptionId;
    if (skip.has(sub)) continue;
    const mine = taken.get(sub) ?? 0;
    if (
      options.perSubscription !== undefined &&
      (options.leased?.get(sub) ?? 0) + mine >= options.perSubscription
    )
      continue;
    const rate = options.rate?.get(sub);
    if (rate !== undefined && mine >= rate) continue;
    taken.set(sub, mine + 1);
    out.push(candidate);
  }
  return out;
}

/** The second a rate-limit window covers, for stores. */
export const rateWindow = (now: number): number => Math.floor(now / 1000);

/**
 * What a store must provide. Memory, SQLite and PostgreSQL implement it; one conformance suite tests all.
 * Every write is an intention-named, atomic operation on the columns it names: nothing reads a whole
 * subscription and writes it back, so concurrent writers (the API and the workers' health steps) never
 * undo each other. Policy (what paused, disabled or deleted means) lives in the sender, not here.
 *
 * @example
 * ```ts
 * import { runStoreConformance } from "@hookwire/test-utils"; // a new store runs the shared suite
 * runStoreConformance({ name: "my-store", create: async () => myStore() });
 * ```
 */
export interface Store {
  /** Create or upgrade the schema. Idempotent. */
  migrate(): Promise<void>;
  defineEventType(type: EventType): Promise<void>;
  listEventTypes(): Promise<EventType[]>;
  /** Insert a subscription and index its event-type filters. */
  insertSubscription(subscription: StoredSubscription): Promise<void>;
  /** A subscription by id, only if it belongs to `owner` (when given). */
  getSubscription(id: string, owner?: string): Promise<StoredSubscription | undefined>;
  /** Subscriptions ordered by id, after `cursor` (an id). */
  listSubscriptions(options: {
    owner?: string;
    after?: string;
    limit: number;
  }): Promise<StoredSubscription[]>;
  /**
   * Change the named fields (and `updatedAt`) atomically; returns the subscription after the change and
   * its status before it, or undefined when there is no such subscription (of `owner`).
   */
  patchSubscription(
    id: string,
    patch: SubscriptionPatch,
    options: { owner?: string; at: number },
  ): Promise<{ subscription: StoredSubscription; previousStatus: SubscriptionStatus } | undefined>;
  /** Put `secret` first and expire the others within `graceMs` ({@link rotatedSecrets}), atomically. */
  rotateSecret(
    id: string,
    options: { owner?: string; secret: string; at: number; graceMs: number },
  ): Promise<StoredSubscription | undefined>;
  /** Replace the secrets only if they are still `expected` (re-encryption); false when they changed meanwhile. */
  replaceSecrets(id: string, expected: SubscriptionSecret[], next: SubscriptionSecret[]): Promise<boolean>;
  /**
   * Start a failure run at `since` unless one is running; returns the run's start and the status, or
   * undefined when the subscription is gone.
   */
  markFailing(
    id: string,
    since: number,
  ): Promise<{ failingSince: number; status: SubscriptionStatus } | undefined>;
  /** End a failure run (a success). */
  clearFailing(id: string): Promise<void>;
  /**
   * Disable with a reason unless already disabled; returns the subscription when this call disabled it
   * (so that exactly one caller reports it), undefined otherwise.
   */
  disableSubscription(
    id: string,
    reason: string,
    options: { owner?: string; at: number },
  ): Promise<StoredSubscription | undefined>;
  deleteSubscription(id: string, owner?: string): Promise<boolean>;
  /**
   * In one transaction: insert the event unless its id exists for this owner, and one pending delivery
   * (due now) per active subscription of the owner whose filters accept the event type — matched in
   * the store through its filter index ({@link filterKeys}), never by loading every subscription.
   * Delivery ids start with `idPrefix` (time-ordered) and are unique.
   */
  publish(
    event: StoredEvent,
    options: { client?: unknown; idPrefix: string },
  ): Promise<{ created: boolean; deliveries: number }>;
  /**
   * Lease up to `limit` due deliveries (pending, next attempt ≤ now, no valid lease) for `leaseMs`, in
   * one round trip where the database allows, within the per-subscription cap and rate limit, across
   * processes. Safe with many workers: a delivery is leased once.
   */
  lease(options: LeaseOptions): Promise<LeasedDelivery[]>;
  /**
   * Record several outcomes in one transaction (group commit): each attempt and its delivery's new
   * state, if that lease is still held. Returns, per item, false when the lease was lost (expired and
   * taken by another worker): that outcome is then not recorded.
   */
  completeMany(items: readonly Completion[]): Promise<boolean[]>;
  getDelivery(id: string, owner?: string): Promise<Delivery | undefined>;
  listDeliveries(options: {
    owner?: string;
    status?: DeliveryStatus;
    eventId?: string;
    after?: string;
    limit: number;
  }): Promise<Delivery[]>;
  /**
   * Deliveries matching every given filter, in id order, reading at most `scanLimit` index entries
   * (a filter the store has no index for is evaluated during that bounded scan). Optional: without it
   * the sender filters pages of {@link Store.listDeliveries}.
   */
  queryDeliveries?(query: DeliveryQuery): Promise<DeliveryQueryPage>;
  listAttempts(deliveryId: string): Promise<Attempt[]>;
  /** Make a failed (or delivered) delivery pending again, due now. */
  requeue(id: string, owner: string | undefined, now: number): Promise<Delivery | undefined>;
  /** Deliveries by status, for health and tests. */
  countDeliveries(owner?: string): Promise<Record<DeliveryStatus, number>>;
  /** Wait until work may be due (LISTEN/NOTIFY on PostgreSQL); resolves after `timeoutMs` at the latest. */
  waitForWork?(timeoutMs: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything the sender can tell the application about, through `sender.on(...)`: every state change of
 * a delivery or a subscription. Payloads never carry secrets.
 *
 * @example
 * ```ts
 * sender.on("delivery.failed", ({ delivery }) => alert(`dead letter: ${delivery.id}`));
 * sender.on("subscription.disabled", ({ subscription, reason }) => notifyCustomer(subscription.owner, reason));
 * ```
 */
export interface SenderEvents {
  /** A 2xx answer: the delivery is `delivered`. */
  "delivery.succeeded": { delivery: Delivery; attempt: Attempt };
  /** A failed attempt with another one scheduled at `nextAttemptAt`. */
  "delivery.attempt_failed": { delivery: Delivery; attempt: Attempt; nextAttemptAt: number };
  /** The schedule is exhausted (or the endpoint answered 410): the delivery is `failed` (dead letter). */
  "delivery.failed": { delivery: Delivery; attempt: Attempt };
  /** A delivery was made pending again by `deliveries.retry`. */
  "delivery.requeued": { delivery: Delivery };
  /** Disabled by a 410 (`gone`), by failing longer than `disableAfterMs` (`failing`), or by an update (`manual`). */
  "subscription.disabled": {
    subscription: Omit<Subscription, "secret">;
    reason: "gone" | "failing" | "manual";
  };
  "subscription.created": { subscription: Omit<Subscription, "secret"> };
  /** Any change through `update`, `pause`, `resume` or `rotateSecret`. */
  "subscription.updated": { subscription: Omit<Subscription, "secret"> };
  "subscription.deleted": { id: string; owner: string | undefined };
  "event.published": { event: StoredEvent; deliveries: number };
}

export type { PublishMessage, PublishResult };
