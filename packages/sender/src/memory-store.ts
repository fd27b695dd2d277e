import {
  type Attempt,
  type Delivery,
  type DeliveryStatus,
  type EventType,
  type LeasedDelivery,
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
 * An in-memory {@link Store}: for tests and single-process use. Nothing survives a restart.
 *
 * @example
 * ```ts
 * const sender = createSender({ store: memoryStore() });
 * ```
 */
export function memoryStore(): Store {
  const eventTypes = new Map<string, EventType>();
  const subscriptions = new Map<string, StoredSubscription>();
  const events = new Map<string, StoredEvent>();
  const deliveries = new Map<string, MemoryDelivery>();
  const attempts = new Map<string, Attempt[]>();
  let tokens = 0;

  const publicDelivery = ({ leaseToken: _t, leaseUntil: _u, ...delivery }: MemoryDelivery): Delivery => ({
    ...delivery,
  });
  const sortedById = <T extends { id: string }>(items: Iterable<T>): T[] =>
    [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    async migrate() {},
    async defineEventType(type) {
      eventTypes.set(type.name, clone(type));
    },
    async listEventTypes() {
      return [...eventTypes.values()].map(clone).sort((a, b) => a.name.localeCompare(b.name));
    },
    async insertSubscription(subscription) {
      subscriptions.set(subscription.id, clone(subscription));
    },
    async getSubscription(id, owner) {
      const found = subscriptions.get(id);
      return found && (owner === undefined || found.owner === owner) ? clone(found) : undefined;
    },
    async listSubscriptions({ owner, after, limit }) {
      return sortedById(subscriptions.values())
        .filter((s) => (owner === undefined || s.owner === owner) && (after === undefined || s.id > after))
        .slice(0, limit)
        .map(clone);
    },
    async updateSubscription(subscription) {
      if (subscriptions.has(subscription.id)) subscriptions.set(subscription.id, clone(subscription));
    },
    async deleteSubscription(id, owner) {
      const found = subscriptions.get(id);
      if (!found || (owner !== undefined && found.owner !== owner)) return false;
      subscriptions.delete(id);
      return true;
    },
    async publish(event, matches, options) {
      const key = `${event.owner}\u0000${event.id}`;
      if (events.has(key)) return { created: false, deliveries: 0 };
      events.set(key, clone(event));
      let count = 0;
      for (const subscription of subscriptions.values()) {
        if (subscription.owner !== event.owner || subscription.status !== "active" || !matches(subscription))
          continue;
        const id = options!.newId();
        deliveries.set(id, {
          id,
          eventId: event.id,
          subscriptionId: subscription.id,
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
        count++;
      }
      return { created: true, deliveries: count };
    },
    async lease(options) {
      const { now, leaseMs } = options;
      const due = withinAllowance(
        [...deliveries.values()]
          .filter(
            (d) =>
              d.status === "pending" &&
              (d.nextAttemptAt ?? 0) <= now &&
              d.leaseUntil <= now &&
              subscriptions.get(d.subscriptionId)?.status !== "paused",
          )
          .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || (a.id < b.id ? -1 : 1)),
        options,
      );
      const leased: LeasedDelivery[] = [];
      for (const d of due) {
        const subscription = subscriptions.get(d.subscriptionId);
        const event = events.get(`${d.owner}\u0000${d.eventId}`);
        if (!subscription || !event) {
          d.status = "failed";
          d.lastError = "subscription deleted";
          continue;
        }
        if (subscription.status === "disabled") {
          d.status = "failed";
          d.lastError = "subscription disabled";
          continue;
        }
        d.leaseToken = `lease-${++tokens}`;
        d.leaseUntil = now + leaseMs;
        leased.push({
          delivery: publicDelivery(d),
          event: clone(event),
          subscription: clone(subscription),
          leaseToken: d.leaseToken,
        });
      }
      return leased;
    },
    async complete(leased, attempt, next) {
      const d = deliveries.get(leased.delivery.id);
      if (!d || d.leaseToken !== leased.leaseToken) return false;
      d.attempts = attempt.attempt;
      d.status = next.status;
      d.nextAttemptAt = next.nextAttemptAt;
      d.lastError = next.error;
      d.lastStatus = attempt.status;
      d.updatedAt = attempt.startedAt + attempt.durationMs;
      d.leaseToken = null;
      d.leaseUntil = 0;
      attempts.set(d.id, [...(attempts.get(d.id) ?? []), clone(attempt)]);
      return true;
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
