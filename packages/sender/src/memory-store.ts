import {
  type Attempt,
  type Delivery,
  type DeliveryStatus,
  type EventType,
  filterKeys,
  type LeasedDelivery,
  rateWindow,
  rotatedSecrets,
  type Store,
  type StoredEvent,
  type StoredSubscription,
  withinAllowance,
} from "./types.js";

interface MemoryDelivery extends Delivery {
  leaseToken: string | null;
  leaseUntil: number;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * An in-memory {@link Store}: for tests and single-process use. Nothing survives a restart. Every
 * operation runs to completion without awaiting, so each is atomic like a transaction.
 *
 * @example
 * ```ts
 * const sender = createSender({ store: memoryStore() });
 * ```
 */
export function memoryStore(): Store {
  const eventTypes = new Map<string, EventType>();
  const subscriptions = new Map<string, StoredSubscription>();
  /** owner → filter → subscription ids: the filter index publish matches through. */
  const filters = new Map<string, Map<string, Set<string>>>();
  const rates = new Map<string, { window: number; count: number }>();
  const events = new Map<string, StoredEvent>();
  const deliveries = new Map<string, MemoryDelivery>();
  const attempts = new Map<string, Attempt[]>();
  let tokens = 0;

  const publicDelivery = ({ leaseToken: _t, leaseUntil: _u, ...delivery }: MemoryDelivery): Delivery => ({
    ...delivery,
  });
  const sortedById = <T extends { id: string }>(items: Iterable<T>): T[] =>
    [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  function index(subscription: StoredSubscription, add: boolean): void {
    let byFilter = filters.get(subscription.owner);
    if (!byFilter) {
      byFilter = new Map();
      filters.set(subscription.owner, byFilter);
    }
    for (const filter of subscription.eventTypes) {
      let ids = byFilter.get(filter);
      if (!ids) {
        ids = new Set();
        byFilter.set(filter, ids);
      }
      if (add) ids.add(subscription.id);
      else ids.delete(subscription.id);
    }
  }

  function owned(id: string, owner: string | undefined): StoredSubscription | undefined {
    const found = subscriptions.get(id);
    return found && (owner === undefined || found.owner === owner) ? found : undefined;
  }

  return {
    async migrate() {},
    async defineEventType(type) {
      eventTypes.set(type.name, clone(type));
    },
    async listEventTypes() {
      return [...eventTypes.values()].map(clone).sort((a, b) => a.name.localeCompare(b.name));
    },
    async insertSubscription(subscription) {
      const stored = clone({ ...subscription, rateLimit: subscription.rateLimit ?? null });
      subscriptions.set(subscription.id, stored);
      index(stored, true);
    },
    async getSubscription(id, owner) {
      const found = owned(id, owner);
      return found ? clone(found) : undefined;
    },
    async listSubscriptions({ owner, after, limit }) {
      return sortedById(subscriptions.values())
        .filter((s) => (owner === undefined || s.owner === owner) && (after === undefined || s.id > after))
        .slice(0, limit)
        .map(clone);
    },
    async patchSubscription(id, patch, { owner, at }) {
      const found = owned(id, owner);
      if (!found) return undefined;
      const previousStatus = found.status;
      if (patch.eventTypes !== undefined) {
        index(found, false);
        found.eventTypes = [...patch.eventTypes];
        index(found, true);
      }
      if (patch.url !== undefined) found.url = patch.url;
      if (patch.headers !== undefined) found.headers = clone(patch.headers);
      if (patch.metadata !== undefined) found.metadata = clone(patch.metadata);
      if (patch.description !== undefined) found.description = patch.description;
      if (patch.rateLimit !== undefined) found.rateLimit = patch.rateLimit;
      if (patch.status !== undefined) {
        if (patch.status !== found.status) found.disabledReason = patch.disabledReason ?? null;
        found.status = patch.status;
        if (patch.status === "active") found.failingSince = null;
      }
      found.updatedAt = at;
      return { subscription: clone(found), previousStatus };
    },
    async rotateSecret(id, { owner, secret, at, graceMs }) {
      const found = owned(id, owner);
      if (!found) return undefined;
      found.secrets = rotatedSecrets(found.secrets, secret, at, graceMs);
      found.updatedAt = at;
      return clone(found);
    },
    async replaceSecrets(id, expected, next) {
      const found = subscriptions.get(id);
      if (!found || JSON.stringify(found.secrets) !== JSON.stringify(expected)) return false;
      found.secrets = clone(next);
      return true;
    },
    async markFailing(id, since) {
      const found = subscriptions.get(id);
      if (!found) return undefined;
      found.failingSince ??= since;
      return { failingSince: found.failingSince, status: found.status };
    },
    async clearFailing(id) {
      const found = subscriptions.get(id);
      if (found) found.failingSince = null;
    },
    async disableSubscription(id, reason, { owner, at }) {
      const found = owned(id, owner);
      if (!found || found.status === "disabled") return undefined;
      found.status = "disabled";
      found.disabledReason = reason;
      found.updatedAt = at;
      return clone(found);
    },
    async deleteSubscription(id, owner) {
      const found = owned(id, owner);
      if (!found) return false;
      index(found, false);
      subscriptions.delete(id);
      rates.delete(id);
      return true;
    },
    async publish(event, options) {
      const key = `${event.owner}\u0000${event.id}`;
      if (events.has(key)) return { created: false, deliveries: 0 };
      events.set(key, clone(event));
      const byFilter = filters.get(event.owner);
      const matched = new Set<string>();
      for (const filter of filterKeys(event.type))
        for (const id of byFilter?.get(filter) ?? []) matched.add(id);
      let count = 0;
      for (const subscriptionId of matched) {
        if (subscriptions.get(subscriptionId)?.status !== "active") continue;
        const id = `${options.idPrefix}${String(++count).padStart(7, "0")}`;
        deliveries.set(id, {
          id,
          eventId: event.id,
          subscriptionId,
          owner: event.owner,
          eventType: event.type,
          status: "pending",
          attempts: 0,
          nextAttemptAt: event.createdAt,
          lastError: null,
          lastStatus: null,
          createdAt: event.createdAt,
          updatedAt: event.createdAt,
          leaseToken: null,
          leaseUntil: 0,
        });
      }
      return { created: true, deliveries: count };
    },
    async lease(options) {
      const { now, leaseMs } = options;
      const hold = new Set(options.hold ?? []);
      const leasedNow = new Map<string, number>();
      const due: MemoryDelivery[] = [];
      for (const d of deliveries.values()) {
        if (d.status !== "pending") continue;
        if (d.leaseUntil > now) {
          leasedNow.set(d.subscriptionId, (leasedNow.get(d.subscriptionId) ?? 0) + 1);
          continue;
        }
        if ((d.nextAttemptAt ?? 0) > now) continue;
        const status = subscriptions.get(d.subscriptionId)?.status;
        if (status !== undefined && hold.has(status)) continue;
        due.push(d);
      }
      due.sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || (a.id < b.id ? -1 : 1));
      const rate = new Map<string, number>();
      const window = rateWindow(now);
      for (const d of due) {
        const limit = subscriptions.get(d.subscriptionId)?.rateLimit;
        if (limit === null || limit === undefined || rate.has(d.subscriptionId)) continue;
        const used = rates.get(d.subscriptionId);
        rate.set(d.subscriptionId, Math.max(0, limit - (used?.window === window ? used.count : 0)));
      }
      const chosen = withinAllowance(due, {
        limit: options.limit,
        perSubscription: options.perSubscription,
        skipSubscriptions: options.skipSubscriptions,
        leased: leasedNow,
        rate,
      });
      const leased: LeasedDelivery[] = [];
      for (const d of chosen) {
        const subscription = subscriptions.get(d.subscriptionId);
        const event = events.get(`${d.owner}\u0000${d.eventId}`);
        if (!event) continue;
        d.leaseToken = `lease-${++tokens}`;
        d.leaseUntil = now + leaseMs;
        if (subscription?.rateLimit != null) {
          const used = rates.get(subscription.id);
          rates.set(subscription.id, {
            window,
            count: (used?.window === window ? used.count : 0) + 1,
          });
        }
        leased.push({
          delivery: publicDelivery(d),
          event: clone(event),
          subscription: subscription ? clone(subscription) : null,
          leaseToken: d.leaseToken,
        });
      }
      return leased;
    },
    async completeMany(items) {
      return items.map(({ leased, attempt, status, nextAttemptAt, error }) => {
        const d = deliveries.get(leased.delivery.id);
        if (!d || d.leaseToken !== leased.leaseToken) return false;
        d.status = status;
        d.nextAttemptAt = nextAttemptAt;
        d.lastError = error;
        d.leaseToken = null;
        d.leaseUntil = 0;
        if (attempt) {
          d.attempts = attempt.attempt;
          d.lastStatus = attempt.status;
          d.updatedAt = attempt.startedAt + attempt.durationMs;
          attempts.set(d.id, [
            ...(attempts.get(d.id) ?? []),
            clone({ ...attempt, requestHeaders: attempt.requestHeaders ?? null }),
          ]);
        }
        return true;
      });
    },
    async getDelivery(id, owner) {
      const d = deliveries.get(id);
      return d && (owner === undefined || d.owner === owner) ? publicDelivery(d) : undefined;
    },
    async listDeliveries({ owner, status, eventId, after, limit }) {
      return sortedById(deliveries.values())
        .filter(
          (d) =>
            (owner === undefined || d.owner === owner) &&
            (status === undefined || d.status === status) &&
            (eventId === undefined || d.eventId === eventId) &&
            (after === undefined || d.id > after),
        )
        .slice(0, limit)
        .map(publicDelivery);
    },
    async queryDeliveries({ owner, status, subscriptionId, eventType, after, before, limit, scanLimit }) {
      const items: Delivery[] = [];
      let read = 0;
      let last: string | null = null;
      for (const d of sortedById(deliveries.values())) {
        if ((after !== undefined && d.id <= after) || (owner !== undefined && d.owner !== owner)) continue;
        if (before !== undefined && d.id >= before) break;
        if (read === Math.max(scanLimit, limit)) return { items, cursor: last };
        read++;
        last = d.id;
        if (
          (status === undefined || d.status === status) &&
          (subscriptionId === undefined || d.subscriptionId === subscriptionId) &&
          (eventType === undefined || d.eventType === eventType)
        ) {
          items.push(publicDelivery(d));
          if (items.length === limit) return { items, cursor: d.id };
        }
      }
      return { items, cursor: null };
    },
    async listAttempts(deliveryId) {
      return (attempts.get(deliveryId) ?? []).map(clone);
    },
    async requeue(id, owner, now) {
      const d = deliveries.get(id);
      if (!d || (owner !== undefined && d.owner !== owner)) return undefined;
      d.status = "pending";
      d.nextAttemptAt = now;
      d.leaseToken = null;
      d.leaseUntil = 0;
      d.updatedAt = now;
      return publicDelivery(d);
    },
    async countDeliveries(owner) {
      const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const d of deliveries.values()) if (owner === undefined || d.owner === owner) counts[d.status]++;
      return counts;
    },
    async close() {},
  };
}
