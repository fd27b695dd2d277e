import type { Attempt, Store, StoredEvent, StoredSubscription } from "@hookwire/sender";
import { matchesEventType, newId } from "@hookwire/sender";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** How to make a fresh, empty store for {@link runStoreConformance}. */
export interface StoreHarness {
  name: string;
  /** A new, empty, migrated store (its own schema or file). */
  create(): Promise<Store>;
  /** Skip the suite (with a visible reason) when the backing service is unavailable. */
  skip?: string | false;
}

function subscription(
  owner: string,
  filters: string[],
  status: StoredSubscription["status"] = "active",
): StoredSubscription {
  const at = Date.now();
  return {
    id: newId("sub"),
    owner,
    url: "https://receiver.example/hooks",
    eventTypes: filters,
    secrets: [{ secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", expiresAt: null }],
    headers: { "x-tenant": owner },
    metadata: { plan: "pro", nested: { n: 1 } },
    description: "test",
    status,
    disabledReason: null,
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
}

function event(owner: string, type: string, id = newId("msg")): StoredEvent {
  return {
    id,
    owner,
    type,
    payload: JSON.stringify({ type, timestamp: new Date().toISOString(), data: { n: 1 } }),
    createdAt: Date.now(),
  };
}

function attempt(deliveryId: string, n: number, status: number | null): Attempt {
  return {
    id: newId("att"),
    deliveryId,
    attempt: n,
    startedAt: Date.now(),
    durationMs: 12,
    status,
    responseBody: status ? "ok" : null,
    error: status === 200 ? null : "boom",
  };
}

const publishTo = (store: Store, e: StoredEvent) =>
  store.publish(e, (s) => matchesEventType(s.eventTypes, e.type), { newId: () => newId("dlv") });

/**
 * The conformance suite every sender store runs (memory, SQLite, PostgreSQL): subscriptions with owner
 * scoping and pagination, the publish transaction and its idempotency, exclusive leases with expiry,
 * lease-checked completion, the attempt log, requeue.
 *
 * @example
 * ```ts
 * runStoreConformance({ name: "sqlite", create: async () => sqliteStore({ filename: ":memory:" }) });
 * ```
 */
export function runStoreConformance(harness: StoreHarness): void {
  const suite = harness.skip ? describe.skip : describe;
  if (harness.skip) console.warn(`[store conformance] ${harness.name} skipped: ${harness.skip}`);
  suite(`store conformance: ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await harness.create();
      await store.migrate();
      await store.migrate(); // idempotent
    });
    afterAll(async () => {
      await store?.close();
    });

    it("stores event types", async () => {
      await store.defineEventType({
        name: "invoice.paid",
        description: "An invoice was paid",
        schema: { type: "object" },
      });
      await store.defineEventType({ name: "invoice.paid", description: "updated" });
      const types = await store.listEventTypes();
      expect(types.filter((t) => t.name === "invoice.paid")).toEqual([
        { name: "invoice.paid", description: "updated" },
      ]);
    });

    it("stores subscriptions with every field, scoped by owner", async () => {
      const s = subscription("tenant-a", ["invoice.*"]);
      await store.insertSubscription(s);
      expect(await store.getSubscription(s.id)).toEqual(s);
      expect(await store.getSubscription(s.id, "tenant-a")).toEqual(s);
      expect(await store.getSubscription(s.id, "tenant-b")).toBeUndefined();
      const changed = {
        ...s,
        status: "paused" as const,
        secrets: [
          ...s.secrets,
          { secret: "whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk", expiresAt: Date.now() + 1000 },
        ],
      };
      await store.updateSubscription(changed);
      expect(await store.getSubscription(s.id)).toEqual(changed);
      expect(await store.deleteSubscription(s.id, "tenant-b")).toBe(false);
      expect(await store.deleteSubscription(s.id, "tenant-a")).toBe(true);
      expect(await store.getSubscription(s.id)).toBeUndefined();
    });

    it("lists subscriptions in id order with cursor pagination", async () => {
      const owner = `pager-${newId("o")}`;
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        const s = subscription(owner, ["*"]);
        made.push(s.id);
        await store.insertSubscription(s);
      }
      const first = await store.listSubscriptions({ owner, limit: 3 });
      const second = await store.listSubscriptions({ owner, limit: 3, after: first[2]!.id });
      const third = await store.listSubscriptions({ owner, limit: 3, after: second[2]!.id });
      expect([...first, ...second, ...third].map((s) => s.id)).toEqual([...made].sort());
      expect(third).toHaveLength(1);
    });

    it("publishes one delivery per matching active subscription of the owner, once per event id", async () => {
      const owner = `pub-${newId("o")}`;
      const matching = subscription(owner, ["order.*"]);
      const exact = subscription(owner, ["order.created"]);
      const other = subscription(owner, ["invoice.paid"]);
      const paused = subscription(owner, ["*"], "paused");
      const foreign = subscription(`${owner}-x`, ["*"]);
      for (const s of [matching, exact, other, paused, foreign]) await store.insertSubscription(s);
      const e = event(owner, "order.created");
      expect(await publishTo(store, e)).toEqual({ created: true, deliveries: 2 });
      expect(await publishTo(store, { ...e, payload: "{}" })).toEqual({ created: false, deliveries: 0 });
      const deliveries = await store.listDeliveries({ owner, limit: 10, eventId: e.id });
      expect(deliveries.map((d) => d.subscriptionId).sort()).toEqual([matching.id, exact.id].sort());
      expect(
        deliveries.every(
          (d) => d.status === "pending" && d.attempts === 0 && d.eventType === "order.created",
        ),
      ).toBe(true);
      // the same event id under another owner is another event
      expect((await publishTo(store, { ...e, owner: foreign.owner })).created).toBe(true);
    });

    it("leases each due delivery to exactly one of many concurrent callers", async () => {
      const owner = `lease-${newId("o")}`;
      await store.insertSubscription(subscription(owner, ["*"]));
      for (let i = 0; i < 30; i++) await publishTo(store, event(owner, "x.y"));
      const batches = await Promise.all(
        Array.from({ length: 6 }, () => store.lease({ now: Date.now() + 1, limit: 10, leaseMs: 60_000 })),
      );
      const ids = batches
        .flat()
        .filter((l) => l.delivery.owner === owner)
        .map((l) => l.delivery.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
      const again = await store.lease({ now: Date.now() + 1, limit: 100, leaseMs: 60_000 });
      expect(again.filter((l) => l.delivery.owner === owner)).toHaveLength(0);
      const leased = batches.flat().find((l) => l.delivery.owner === owner)!;
      expect(leased.event.type).toBe("x.y");
      expect(leased.subscription.owner).toBe(owner);
    });

    it("leases again after the lease expires, and refuses completion with a lost lease", async () => {
      const owner = `expiry-${newId("o")}`;
      await store.insertSubscription(subscription(owner, ["*"]));
      await publishTo(store, event(owner, "a.b"));
      const t = Date.now() + 1;
      const [first] = (await store.lease({ now: t, limit: 100, leaseMs: 1_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(first).toBeDefined();
      expect(
        (await store.lease({ now: t + 500, limit: 100, leaseMs: 1_000 })).filter(
          (l) => l.delivery.owner === owner,
        ),
      ).toHaveLength(0);
      const [second] = (await store.lease({ now: t + 1_500, limit: 100, leaseMs: 1_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(second?.delivery.id).toBe(first!.delivery.id);
      expect(
        await store.complete(first!, attempt(first!.delivery.id, 1, 200), {
          status: "delivered",
          nextAttemptAt: null,
          error: null,
        }),
      ).toBe(false);
      expect(
        await store.complete(second!, attempt(second!.delivery.id, 1, 200), {
          status: "delivered",
          nextAttemptAt: null,
          error: null,
        }),
      ).toBe(true);
      expect((await store.getDelivery(first!.delivery.id))?.status).toBe("delivered");
      expect(await store.listAttempts(first!.delivery.id)).toHaveLength(1);
    });

    it("records attempts, schedules the next one, and requeues failed deliveries", async () => {
      const owner = `attempts-${newId("o")}`;
      const s = subscription(owner, ["*"]);
      await store.insertSubscription(s);
      await publishTo(store, event(owner, "c.d"));
      const t = Date.now() + 1;
      const [leased] = (await store.lease({ now: t, limit: 100, leaseMs: 60_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(
        await store.complete(leased!, attempt(leased!.delivery.id, 1, 500), {
          status: "pending",
          nextAttemptAt: t + 10_000,
          error: "HTTP 500",
        }),
      ).toBe(true);
      expect(
        (await store.lease({ now: t + 5_000, limit: 100, leaseMs: 60_000 })).filter(
          (l) => l.delivery.owner === owner,
        ),
      ).toHaveLength(0);
      const [retry] = (await store.lease({ now: t + 10_000, limit: 100, leaseMs: 60_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(retry?.delivery.attempts).toBe(1);
      await store.complete(retry!, attempt(retry!.delivery.id, 2, null), {
        status: "failed",
        nextAttemptAt: null,
        error: "ECONNREFUSED",
      });
      const failed = await store.getDelivery(retry!.delivery.id, owner);
      expect(failed).toMatchObject({
        status: "failed",
        attempts: 2,
        lastError: "ECONNREFUSED",
        lastStatus: null,
      });
      expect((await store.listDeliveries({ owner, status: "failed", limit: 10 })).map((d) => d.id)).toEqual([
        failed!.id,
      ]);
      const log = await store.listAttempts(failed!.id);
      expect(log.map((a) => [a.attempt, a.status])).toEqual([
        [1, 500],
        [2, null],
      ]);
      expect(log[0]).toMatchObject({ responseBody: "ok", durationMs: 12 });
      expect(await store.requeue(failed!.id, "someone-else", t)).toBeUndefined();
      expect((await store.requeue(failed!.id, owner, t + 20_000))?.status).toBe("pending");
      expect(
        (await store.lease({ now: t + 20_000, limit: 100, leaseMs: 60_000 })).filter(
          (l) => l.delivery.owner === owner,
        ),
      ).toHaveLength(1);
      expect((await store.countDeliveries(owner)).pending).toBe(1);
    });

    it("skips subscriptions a worker asks to skip (per-subscription caps)", async () => {
      const owner = `skip-${newId("o")}`;
      const busy = subscription(owner, ["*"]);
      const idle = subscription(owner, ["*"]);
      await store.insertSubscription(busy);
      await store.insertSubscription(idle);
      await publishTo(store, event(owner, "e.f"));
      const leased = (
        await store.lease({ now: Date.now() + 1, limit: 100, leaseMs: 60_000, skipSubscriptions: [busy.id] })
      ).filter((l) => l.delivery.owner === owner);
      expect(leased.map((l) => l.subscription.id)).toEqual([idle.id]);
    });

    it("holds deliveries of a paused subscription until it resumes, and fails those of a disabled one", async () => {
      const owner = `hold-${newId("o")}`;
      const held = subscription(owner, ["*"]);
      const gone = subscription(owner, ["*"]);
      await store.insertSubscription(held);
      await store.insertSubscription(gone);
      await publishTo(store, event(owner, "g.h"));
      await store.updateSubscription({ ...held, status: "paused" });
      await store.updateSubscription({ ...gone, status: "disabled", disabledReason: "gone" });
      const mine = async () =>
        (await store.lease({ now: Date.now() + 1, limit: 1_000, leaseMs: 60_000 })).filter(
          (l) => l.delivery.owner === owner,
        );
      expect(await mine()).toHaveLength(0);
      const deliveries = await store.listDeliveries({ owner, limit: 10 });
      const bySubscription = new Map(deliveries.map((d) => [d.subscriptionId, d]));
      expect(bySubscription.get(held.id)?.status).toBe("pending");
      expect(bySubscription.get(gone.id)?.status).toBe("failed");
      expect(bySubscription.get(gone.id)?.lastError).toBe("subscription disabled");
      await store.updateSubscription({ ...held, status: "active" });
      const resumed = await mine();
      expect(resumed.map((l) => l.subscription.id)).toEqual([held.id]);
    });
  });
}
