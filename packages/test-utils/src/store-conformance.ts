import type {
  Attempt,
  Completion,
  LeasedDelivery,
  Store,
  StoredEvent,
  StoredSubscription,
} from "@hookwire/sender";
import { createSender, newId } from "@hookwire/sender";
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
    rateLimit: null,
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
    requestHeaders: {
      "x-tenant": "acme",
      "content-type": "application/json",
      "webhook-id": `msg_${deliveryId}`,
      "webhook-timestamp": "1700000000",
      "webhook-signature": `v1,${"A".repeat(43)}= v1,${"B".repeat(43)}=`,
    },
    responseBody: status ? "ok" : null,
    error: status === 200 ? null : "boom",
  };
}

const publishTo = (store: Store, e: StoredEvent) => store.publish(e, { idPrefix: newId("dlv") });

const GRACE = 3600_000;

/** Record one outcome through the batched call. */
async function complete(
  store: Store,
  leased: LeasedDelivery,
  attempt: Attempt | undefined,
  next: Omit<Completion, "leased" | "attempt">,
): Promise<boolean> {
  const [ok] = await store.completeMany([{ leased, ...(attempt ? { attempt } : {}), ...next }]);
  return ok!;
}

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
      const at = Date.now() + 5;
      const patched = await store.patchSubscription(
        s.id,
        { status: "paused", description: "changed", rateLimit: 7, headers: { a: "b" } },
        { at },
      );
      expect(patched?.previousStatus).toBe("active");
      const changed = {
        ...s,
        status: "paused" as const,
        description: "changed",
        rateLimit: 7,
        headers: { a: "b" },
        updatedAt: at,
      };
      expect(patched?.subscription).toEqual(changed);
      expect(await store.getSubscription(s.id)).toEqual(changed);
      expect(
        await store.patchSubscription(s.id, { description: "x" }, { owner: "tenant-b", at }),
      ).toBeUndefined();
      const rotated = await store.rotateSecret(s.id, {
        secret: "whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3",
        at,
        graceMs: 1000,
      });
      expect(rotated?.secrets).toEqual([
        { secret: "whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3", expiresAt: null },
        { secret: s.secrets[0]!.secret, expiresAt: at + 1000 },
      ]);
      expect(
        await store.rotateSecret(s.id, { owner: "tenant-b", secret: "whsec_x", at, graceMs: 1 }),
      ).toBeUndefined();
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
      // a caller may come back with less while another leases the same subscription; never the same row
      const topUp = await store.lease({ now: Date.now() + 1, limit: 100, leaseMs: 60_000 });
      const ids = [...batches.flat(), ...topUp]
        .filter((l) => l.delivery.owner === owner)
        .map((l) => l.delivery.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
      const again = await store.lease({ now: Date.now() + 1, limit: 100, leaseMs: 60_000 });
      expect(again.filter((l) => l.delivery.owner === owner)).toHaveLength(0);
      const leased = batches.flat().find((l) => l.delivery.owner === owner)!;
      expect(leased.event.type).toBe("x.y");
      expect(leased.subscription?.owner).toBe(owner);
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
        await complete(store, first!, attempt(first!.delivery.id, 1, 200), {
          status: "delivered",
          nextAttemptAt: null,
          error: null,
        }),
      ).toBe(false);
      expect(
        await complete(store, second!, attempt(second!.delivery.id, 1, 200), {
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
        await complete(store, leased!, attempt(leased!.delivery.id, 1, 500), {
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
      await complete(store, retry!, attempt(retry!.delivery.id, 2, null), {
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

    it("lists deliveries filtered by status, subscription, event type and id range, across pages of any size", async () => {
      const owner = `query-${newId("o")}`;
      const other = `query-other-${newId("o")}`;
      const subA = subscription(owner, ["a.*"]);
      const subB = subscription(owner, ["*"]);
      const subC = subscription(owner, ["b.x"]);
      const subOther = subscription(other, ["*"]);
      for (const s of [subA, subB, subC, subOther]) await store.insertSubscription(s);
      const types = ["a.one", "b.x", "a.two", "c.y"];
      for (let i = 0; i < 12; i++) {
        await publishTo(store, event(owner, types[i % types.length]!));
        if (i % 3 === 0) await publishTo(store, event(other, types[i % types.length]!));
      }
      // settle them: every third failed, every third delivered, the rest pending (one failed attempt)
      const t = Date.now() + 1;
      const mine = (await store.lease({ now: t, limit: 1000, leaseMs: 60_000 })).filter((l) =>
        [owner, other].includes(l.delivery.owner),
      );
      expect(mine).toHaveLength(25);
      mine.sort((x, y) => (x.delivery.id < y.delivery.id ? -1 : 1));
      const outcomes = ["failed", "delivered", "pending"] as const;
      await store.completeMany(
        mine.map((leased, i) => ({
          leased,
          attempt: attempt(leased.delivery.id, 1, outcomes[i % 3] === "delivered" ? 200 : 500),
          status: outcomes[i % 3]!,
          nextAttemptAt: outcomes[i % 3] === "pending" ? t + 600_000 : null,
          error: outcomes[i % 3] === "delivered" ? null : "HTTP 500",
        })),
      );
      const all = await store.listDeliveries({ owner, limit: 1000 });
      expect(all).toHaveLength(21);
      if (!store.queryDeliveries) return;
      const ids = all.map((d) => d.id);
      const filters: Array<
        Omit<Parameters<NonNullable<Store["queryDeliveries"]>>[0], "limit" | "scanLimit">
      > = [
        { owner },
        { owner, status: "failed" },
        { owner, status: "pending" },
        { owner, status: "delivered" },
        { owner, subscriptionId: subA.id },
        { owner, subscriptionId: subOther.id },
        { owner, status: "failed", subscriptionId: subB.id },
        { owner, status: "pending", subscriptionId: subC.id },
        { owner, eventType: "a.two" },
        { owner, status: "delivered", eventType: "b.x", subscriptionId: subB.id },
        { owner, after: ids[4]!, before: ids[20]! },
        { owner, status: "failed", after: ids[7]!, before: ids[25]! },
        { owner, status: "pending", after: ids[10]! },
        { owner, subscriptionId: subA.id, eventType: "a.one", after: ids[2]!, before: ids[29]! },
        { owner: other, subscriptionId: subOther.id },
        { subscriptionId: subC.id },
      ];
      let empty = 0;
      for (const filter of filters) {
        const f = filter;
        const scope = f.owner === other ? await store.listDeliveries({ owner: other, limit: 1000 }) : all;
        const expected = scope
          .filter(
            (d) =>
              (f.status === undefined || d.status === f.status) &&
              (f.subscriptionId === undefined || d.subscriptionId === f.subscriptionId) &&
              (f.eventType === undefined || d.eventType === f.eventType) &&
              (f.after === undefined || d.id > f.after) &&
              (f.before === undefined || d.id < f.before),
          )
          .map((d) => d.id);
        for (const [limit, scanLimit] of [
          [1, 1],
          [1, 30],
          [1, 100],
          [1, 100_000],
          [2, 3],
          [3, 7],
          [50, 1000],
        ] as const) {
          const seen: string[] = [];
          let after = f.after;
          for (let pages = 0; ; pages++) {
            expect(pages).toBeLessThan(100);
            const page = await store.queryDeliveries({
              ...filter,
              ...(after === undefined ? {} : { after }),
              limit,
              scanLimit,
            });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            for (const d of page.items) expect(d.owner).toBe(f.owner ?? owner);
            // a scan limit beyond every row never stops short of a full page
            if (scanLimit === 100_000 && page.cursor !== null) expect(page.items).toHaveLength(limit);
            seen.push(...page.items.map((d) => d.id));
            if (page.cursor === null) break;
            expect(after === undefined || page.cursor > after).toBe(true);
            after = page.cursor;
          }
          expect({ filter, limit, ids: seen }).toEqual({ filter, limit, ids: expected });
        }
        if (expected.length === 0) empty++;
      }
      // only the other owner's subscription under this owner matches nothing: the comparisons are not of empty lists
      expect(empty).toBe(1);
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
      expect(leased.map((l) => l.subscription?.id)).toEqual([idle.id]);
    });

    it("holds deliveries of subscriptions in a held state; hands over those of disabled and deleted ones", async () => {
      const owner = `hold-${newId("o")}`;
      const held = subscription(owner, ["*"]);
      const gone = subscription(owner, ["*"]);
      const deleted = subscription(owner, ["*"]);
      for (const s of [held, gone, deleted]) await store.insertSubscription(s);
      await publishTo(store, event(owner, "g.h"));
      await store.patchSubscription(held.id, { status: "paused" }, { at: Date.now() });
      expect((await store.disableSubscription(gone.id, "gone", { at: Date.now() }))?.status).toBe("disabled");
      expect(await store.disableSubscription(gone.id, "gone", { at: Date.now() })).toBeUndefined();
      expect(await store.deleteSubscription(deleted.id)).toBe(true);
      const mine = async () =>
        (await store.lease({ now: Date.now() + 1, limit: 1_000, leaseMs: 60_000, hold: ["paused"] })).filter(
          (l) => l.delivery.owner === owner,
        );
      const first = await mine();
      const bySubscription = new Map(first.map((l) => [l.delivery.subscriptionId, l]));
      expect(first).toHaveLength(2);
      expect(bySubscription.get(gone.id)?.subscription?.status).toBe("disabled");
      expect(bySubscription.get(deleted.id)?.subscription).toBeNull();
      expect(bySubscription.get(deleted.id)?.event.type).toBe("g.h");
      // the sender settles them without an attempt
      for (const l of first)
        expect(
          await complete(store, l, undefined, { status: "failed", nextAttemptAt: null, error: "settled" }),
        ).toBe(true);
      const settled = await store.getDelivery(bySubscription.get(deleted.id)!.delivery.id);
      expect(settled).toMatchObject({ status: "failed", attempts: 0, lastError: "settled" });
      const resumed = await store.patchSubscription(held.id, { status: "active" }, { at: Date.now() });
      expect(resumed?.previousStatus).toBe("paused");
      expect((await mine()).map((l) => l.subscription?.id)).toEqual([held.id]);
    });

    it("matches event-type filters in the store: exact names, nested prefixes, *, once per subscription", async () => {
      const owner = `filters-${newId("o")}`;
      const exact = subscription(owner, ["a.b.c"]);
      const nested = subscription(owner, ["a.b.*"]);
      const top = subscription(owner, ["a.*", "a.b.c"]); // two filters match: still one delivery
      const star = subscription(owner, ["*"]);
      const near = subscription(owner, ["a.bc.*", "a.b", "b.*"]);
      for (const s of [exact, nested, top, star, near]) await store.insertSubscription(s);
      const e = event(owner, "a.b.c");
      expect(await publishTo(store, e)).toEqual({ created: true, deliveries: 4 });
      const ids = (await store.listDeliveries({ owner, eventId: e.id, limit: 10 })).map((d) => d.id);
      expect(new Set(ids).size).toBe(4);
      // a changed filter list is matched at once; a deleted subscription no longer matches
      await store.patchSubscription(near.id, { eventTypes: ["a.b.c"] }, { at: Date.now() });
      await store.patchSubscription(exact.id, { eventTypes: ["z.z"] }, { at: Date.now() });
      await store.deleteSubscription(star.id);
      const again = event(owner, "a.b.c");
      expect(await publishTo(store, again)).toEqual({ created: true, deliveries: 3 });
      const targets = (await store.listDeliveries({ owner, eventId: again.id, limit: 10 })).map(
        (d) => d.subscriptionId,
      );
      expect(targets.sort()).toEqual([nested.id, top.id, near.id].sort());
    });

    it("records a batch of outcomes in one call, refusing only the lost leases", async () => {
      const owner = `batch-${newId("o")}`;
      await store.insertSubscription(subscription(owner, ["*"]));
      for (let i = 0; i < 5; i++) await publishTo(store, event(owner, "b.c"));
      const t = Date.now() + 1;
      const leased = (await store.lease({ now: t, limit: 100, leaseMs: 1_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(leased).toHaveLength(5);
      const stale = { ...leased[1]!, leaseToken: "not-the-token" };
      const results = await store.completeMany(
        [leased[0]!, stale, leased[2]!, leased[3]!, leased[4]!].map((l, i) => ({
          leased: l,
          attempt: attempt(l.delivery.id, 1, i === 3 ? 500 : 200),
          status: i === 3 ? ("pending" as const) : ("delivered" as const),
          nextAttemptAt: i === 3 ? t + 60_000 : null,
          error: i === 3 ? "HTTP 500" : null,
        })),
      );
      expect(results).toEqual([true, false, true, true, true]);
      expect(await store.listAttempts(leased[1]!.delivery.id)).toHaveLength(0);
      expect((await store.getDelivery(leased[3]!.delivery.id))?.lastStatus).toBe(500);
      expect(await store.countDeliveries(owner)).toEqual({ pending: 2, delivered: 3, failed: 0 });
    });

    it("keeps the request headers of each attempt, in the order sent, and null when none were sent", async () => {
      const owner = `headers-${newId("o")}`;
      await store.insertSubscription(subscription(owner, ["*"]));
      for (let i = 0; i < 3; i++) await publishTo(store, event(owner, "h.i"));
      const t = Date.now() + 1;
      const leased = (await store.lease({ now: t, limit: 100, leaseMs: 60_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(leased).toHaveLength(3);
      // each attempt its own headers (a store mixing rows up in a batch fails), the last one none
      const sent = leased.map((l, i) =>
        i === 2
          ? null
          : {
              "z-last-alphabetically-first-sent": `${i}`,
              "x-quote": `"<script>alert(${i})</script>" \u00e9\u2713`,
              "webhook-id": l.delivery.eventId,
              "webhook-signature": `v1,${String(i).repeat(43)}=`,
            },
      );
      const results = await store.completeMany(
        leased.map((l, i) => ({
          leased: l,
          attempt: { ...attempt(l.delivery.id, 1, i === 2 ? null : 200), requestHeaders: sent[i]! },
          status: i === 2 ? ("failed" as const) : ("delivered" as const),
          nextAttemptAt: null,
          error: i === 2 ? "could not sign" : null,
        })),
      );
      expect(results).toEqual([true, true, true]);
      for (const [i, l] of leased.entries()) {
        const [logged] = await store.listAttempts(l.delivery.id);
        expect(logged!.requestHeaders).toEqual(sent[i]);
        if (sent[i]) expect(Object.keys(logged!.requestHeaders!)).toEqual(Object.keys(sent[i]!));
      }
    });

    // Concurrency: each case ran into a lost or doubled write with whole-row updates.

    it("a rotation racing a delivery's health writes keeps the new secret and the health state", async () => {
      const owner = `rotate-${newId("o")}`;
      const s = subscription(owner, ["*"]);
      await store.insertSubscription(s);
      await publishTo(store, event(owner, "r.s"));
      const [leased] = (await store.lease({ now: Date.now() + 1, limit: 100, leaseMs: 60_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      // the worker holds this snapshot while it sends; the API rotates meanwhile
      expect(leased!.subscription!.secrets).toHaveLength(1);
      const fresh = "whsec_cm90YXRlZHJvdGF0ZWRyb3RhdGVkcm90YXRl";
      const at = Date.now();
      const [rotated, failing] = await Promise.all([
        store.rotateSecret(s.id, { secret: fresh, at, graceMs: GRACE }),
        store.markFailing(s.id, at),
      ]);
      expect(rotated?.secrets[0]?.secret).toBe(fresh);
      expect(failing).toEqual({ failingSince: at, status: "active" });
      // a second failure keeps the start of the run
      expect((await store.markFailing(s.id, at + 10))?.failingSince).toBe(at);
      await store.disableSubscription(s.id, "failing", { at: at + 20 });
      const after = await store.getSubscription(s.id);
      expect(after?.secrets.map((x) => x.secret)).toEqual([fresh, s.secrets[0]!.secret]);
      expect(after).toMatchObject({ status: "disabled", disabledReason: "failing", failingSince: at });
      // many rotations and health writes at once: every rotation survives (none reads a stale row)
      const many = subscription(owner, ["*"]);
      await store.insertSubscription(many);
      const secrets = Array.from(
        { length: 8 },
        (_, i) => `whsec_${Buffer.from(`secret-number-${i}-padding-padding`).toString("base64")}`,
      );
      await Promise.all([
        ...secrets.map((secret, i) => store.rotateSecret(many.id, { secret, at: at + i, graceMs: GRACE })),
        ...secrets.map((_, i) => (i % 2 ? store.markFailing(many.id, at) : store.clearFailing(many.id))),
        store.patchSubscription(many.id, { description: "patched" }, { at }),
      ]);
      const final = await store.getSubscription(many.id);
      expect(final?.secrets).toHaveLength(9);
      expect(new Set(final?.secrets.map((x) => x.secret))).toEqual(
        new Set([...secrets, many.secrets[0]!.secret]),
      );
      expect(final?.secrets.filter((x) => x.expiresAt === null)).toHaveLength(1);
      expect(final?.description).toBe("patched");
    });

    it("replaces secrets only while they are still the expected ones (re-encryption)", async () => {
      const s = subscription(`reenc-${newId("o")}`, ["*"]);
      await store.insertSubscription(s);
      const next = [{ secret: "enc:v1:new", expiresAt: null }];
      const stale = [{ secret: "whsec_c3RhbGVzdGFsZXN0YWxlc3RhbGVzdGFsZQ==", expiresAt: null }];
      expect(await store.replaceSecrets(s.id, stale, next)).toBe(false);
      expect((await store.getSubscription(s.id))?.secrets).toEqual(s.secrets);
      const current = (await store.getSubscription(s.id))!.secrets;
      expect(await store.replaceSecrets(s.id, current, next)).toBe(true);
      expect((await store.getSubscription(s.id))?.secrets).toEqual(next);
    });

    it("an update racing a disable keeps both, and exactly one of two racing disables reports it", async () => {
      const owner = `disable-${newId("o")}`;
      const s = subscription(owner, ["*"]);
      await store.insertSubscription(s);
      const at = Date.now();
      const [patched, gone, failing] = await Promise.all([
        store.patchSubscription(s.id, { url: "https://moved.example/hooks", description: "moved" }, { at }),
        store.disableSubscription(s.id, "gone", { at }),
        store.disableSubscription(s.id, "failing", { at }),
      ]);
      expect(patched).toBeDefined();
      expect([gone, failing].filter(Boolean)).toHaveLength(1);
      const after = await store.getSubscription(s.id);
      expect(after).toMatchObject({
        url: "https://moved.example/hooks",
        description: "moved",
        status: "disabled",
      });
      expect(["gone", "failing"]).toContain(after?.disabledReason);
      // re-enabling clears the failure run; a manual disable after it reports the change
      await store.markFailing(s.id, at);
      const resumed = await store.patchSubscription(s.id, { status: "active", disabledReason: null }, { at });
      expect(resumed?.subscription).toMatchObject({
        status: "active",
        disabledReason: null,
        failingSince: null,
      });
      expect(resumed?.previousStatus).toBe("disabled");
    });

    it("a publish racing a delete: each delivery made is handed over with its subscription or as orphaned", async () => {
      const owner = `race-${newId("o")}`;
      const subs = Array.from({ length: 6 }, () => subscription(owner, ["p.q"]));
      for (const s of subs) await store.insertSubscription(s);
      const events = Array.from({ length: 6 }, () => event(owner, "p.q"));
      const results = await Promise.all([
        ...events.map((e) => publishTo(store, e)),
        ...subs.slice(0, 3).map((s) => store.deleteSubscription(s.id)),
      ]);
      const made = results.slice(0, 6).reduce((n, r) => n + (r as { deliveries: number }).deliveries, 0);
      expect(made).toBeGreaterThanOrEqual(18);
      const listed = await store.listDeliveries({ owner, limit: 100 });
      expect(listed).toHaveLength(made);
      const leased = (await store.lease({ now: Date.now() + 1, limit: 1_000, leaseMs: 60_000 })).filter(
        (l) => l.delivery.owner === owner,
      );
      expect(leased).toHaveLength(made);
      const deleted = new Set(subs.slice(0, 3).map((s) => s.id));
      for (const l of leased) {
        if (deleted.has(l.delivery.subscriptionId)) expect(l.subscription).toBeNull();
        else expect(l.subscription?.id).toBe(l.delivery.subscriptionId);
      }
    });

    it("two workers leasing at once never take the same delivery nor pass the per-subscription cap", async () => {
      const owner = `cap-${newId("o")}`;
      const busy = subscription(owner, ["*"]);
      const other = subscription(owner, ["*"]);
      await store.insertSubscription(busy);
      await store.insertSubscription(other);
      for (let i = 0; i < 12; i++) await publishTo(store, event(owner, "c.d"));
      const now = Date.now() + 1;
      const lease = () => store.lease({ now, limit: 10, leaseMs: 60_000, perSubscription: 3 });
      const batches = await Promise.all([lease(), lease(), lease(), lease()]);
      const racing = batches.flat().filter((l) => l.delivery.owner === owner);
      expect(racing.filter((l) => l.delivery.subscriptionId === busy.id).length).toBeLessThanOrEqual(3);
      expect(racing.filter((l) => l.delivery.subscriptionId === other.id).length).toBeLessThanOrEqual(3);
      const mine = [...racing, ...(await lease())].filter((l) => l.delivery.owner === owner);
      expect(new Set(mine.map((l) => l.delivery.id)).size).toBe(mine.length);
      expect(mine.filter((l) => l.delivery.subscriptionId === busy.id)).toHaveLength(3);
      expect(mine.filter((l) => l.delivery.subscriptionId === other.id)).toHaveLength(3);
      // the cap frees up as leases complete
      const done = mine.find((l) => l.delivery.subscriptionId === busy.id)!;
      await complete(store, done, attempt(done.delivery.id, 1, 200), {
        status: "delivered",
        nextAttemptAt: null,
        error: null,
      });
      const next = (await lease()).filter((l) => l.delivery.owner === owner);
      expect(next.map((l) => l.delivery.subscriptionId)).toEqual([busy.id]);
    });

    it("enforces a subscription's rate limit per second across callers", async () => {
      const owner = `rate-${newId("o")}`;
      const limited = { ...subscription(owner, ["*"]), rateLimit: 4 };
      await store.insertSubscription(limited);
      for (let i = 0; i < 10; i++) await publishTo(store, event(owner, "r.l"));
      const second = (Math.floor(Date.now() / 1000) + 1) * 1000;
      const lease = (now: number) => store.lease({ now, limit: 10, leaseMs: 60_000 });
      const racing = (await Promise.all([lease(second), lease(second + 10), lease(second + 20)]))
        .flat()
        .filter((l) => l.delivery.owner === owner);
      expect(racing.length).toBeLessThanOrEqual(4);
      const first = [...racing, ...(await lease(second + 30))].filter((l) => l.delivery.owner === owner);
      expect(first).toHaveLength(4);
      expect((await lease(second + 999)).filter((l) => l.delivery.owner === owner)).toHaveLength(0);
      expect((await lease(second + 1000)).filter((l) => l.delivery.owner === owner)).toHaveLength(4);
      await store.patchSubscription(limited.id, { rateLimit: null }, { at: Date.now() });
      expect((await lease(second + 1001)).filter((l) => l.delivery.owner === owner)).toHaveLength(2);
    });

    // The lost update: the worker's health step used to read the whole subscription and write it back,
    // so a rotation that landed in between was silently undone (the API answered with the new secret).
    for (const answer of [500, 410]) {
      it(`keeps a secret rotated while the worker records a delivery's outcome (HTTP ${answer})`, async () => {
        const owner = `lost-${answer}-${newId("o")}`;
        const fresh = "whsec_ZnJlc2hmcmVzaGZyZXNoZnJlc2hmcmVzaGZy";
        let armed = false;
        let id = "";
        let sender: ReturnType<typeof createSender> | undefined;
        const writes = new Set(["updateSubscription", "markFailing", "clearFailing", "disableSubscription"]);
        // the race made deterministic: the rotation completes right before the worker's first write to
        // this subscription, after the worker leased (and read) it
        const raced = new Proxy(store, {
          get(target, prop) {
            const value = Reflect.get(target, prop) as unknown;
            if (typeof value !== "function") return value;
            if (!writes.has(String(prop))) return value.bind(target);
            return async (...args: unknown[]) => {
              const about = typeof args[0] === "string" ? args[0] : (args[0] as { id?: string })?.id;
              if (armed && about === id) {
                armed = false;
                await sender!.subscriptions.rotateSecret(id, { secret: fresh, owner });
              }
              return value.apply(target, args);
            };
          },
        });
        sender = createSender({
          store: raced,
          fetch: async () => new Response("no", { status: answer }),
          retrySchedule: [0, 60_000],
        });
        id = (
          await sender.subscriptions.create({
            url: "https://receiver.example/hooks",
            eventTypes: ["*"],
            owner,
          })
        ).id;
        await sender.publish({ type: "invoice.paid", owner, data: {} });
        armed = true;
        await sender.drain();
        expect(armed).toBe(false); // the rotation ran inside the race window
        const after = await store.getSubscription(id);
        expect(after?.secrets[0]).toEqual({ secret: fresh, expiresAt: null });
        expect(after?.secrets).toHaveLength(2);
        expect(after?.status).toBe(answer === 410 ? "disabled" : "active");
        if (answer === 500) expect(after?.failingSince).not.toBeNull();
      });
    }
  });
}
