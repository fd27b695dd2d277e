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
  /** The first 4 KiB of the response body. */
  responseBody: string | null;
  /** What went wrong, for failed attempts. */
  error: string | null;
}

/** A delivery leased to a worker, with what it needs to send it. */
export interface LeasedDelivery {
  delivery: Delivery;
  event: StoredEvent;
  subscription: StoredSubscription;
  /** Proves the lease when recording the outcome. */
  leaseToken: string;
}

/** A page of a list. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Options of {@link Store.lease}. */
export interface LeaseOptions {
  now: number;
  limit: number;
  leaseMs: number;
  /** Subscriptions to leave alone (this worker is at its cap for them). */
  skipSubscriptions?: readonly string[];
  /** At most `limit − inFlight[subscription]` deliveries per subscription in this batch. */
  perSubscription?: { limit: number; inFlight: Readonly<Record<string, number>> };
}

/**
 * Pick, in order, the candidates a lease may take under the per-subscription allowance (for store authors).
 *
 * @example
 * ```ts
 * const chosen = withinAllowance(dueDeliveries, { now, limit: 10, leaseMs: 30_000 });
 * ```
 */
export function withinAllowance<T extends { subscriptionId: string }>(
  candidates: readonly T[],
  options: LeaseOptions,
): T[] {
  const skip = new Set(options.skipSubscriptions ?? []);
  const taken = new Map<string, number>();
  const out: T[] = [];
  for (const candidate of candidates) {
    if (out.length >= options.limit) break;
    if (skip.has(candidate.subscriptionId)) continue;
    if (options.perSubscription) {
      const used =
        (options.perSubscription.inFlight[candidate.subscriptionId] ?? 0) +
        (taken.get(candidate.subscriptionId) ?? 0);
      if (used >= options.perSubscription.limit) continue;
    }
    taken.set(candidate.subscriptionId, (taken.get(candidate.subscriptionId) ?? 0) + 1);
    out.push(candidate);
  }
  return out;
}

/**
 * What a store must provide. Memory, SQLite and PostgreSQL implement it; one conformance suite tests all.
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
  insertSubscription(subscription: StoredSubscription): Promise<void>;
  /** A subscription by id, only if it belongs to `owner` (when given). */
  getSubscription(id: string, owner?: string): Promise<StoredSubscription | undefined>;
  /** Subscriptions ordered by id, after `cursor` (an id). */
  listSubscriptions(options: {
    owner?: string;
    after?: string;
    limit: number;
  }): Promise<StoredSubscription[]>;
  updateSubscription(subscription: StoredSubscription): Promise<void>;
  deleteSubscription(id: string, owner?: string): Promise<boolean>;
  /**
   * In one transaction: insert the event unless its id exists for this owner, and one pending
   * delivery (due now) per active subscription of the owner that `matches` accepts.
   */
  publish(
    event: StoredEvent,
    matches: (subscription: StoredSubscription) => boolean,
    options?: { client?: unknown; newId: () => string },
  ): Promise<{ created: boolean; deliveries: number }>;
  /**
   * Lease up to `limit` due deliveries (pending, next attempt ≤ now, no valid lease) for `leaseMs`,
   * skipping subscriptions in `skipSubscriptions`. Safe with many workers: a delivery is leased once.
   */
  lease(options: LeaseOptions): Promise<LeasedDelivery[]>;
  /**
   * Record an attempt and the delivery's new state, if the lease is still held. Returns false when the
   * lease was lost (expired and taken by another worker): the outcome is then not recorded.
   */
  complete(
    leased: LeasedDelivery,
    attempt: Attempt,
    next: { status: DeliveryStatus; nextAttemptAt: number | null; error: string | null },
  ): Promise<boolean>;
  getDelivery(id: string, owner?: string): Promise<Delivery | undefined>;
  listDeliveries(options: {
    owner?: string;
    status?: DeliveryStatus;
    eventId?: string;
    after?: string;
    limit: number;
  }): Promise<Delivery[]>;
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
