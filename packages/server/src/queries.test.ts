import { createSender, memoryStore, newId } from "@hookwire/sender";
import { describe, expect, it } from "vitest";
import { listDeliveries, recoverDeliveries } from "./queries.js";

describe("listDeliveries", () => {
  it("pages a filter rarer than one store call's walk: a partial page with a cursor, then the rest", async () => {
    const store = memoryStore();
    const sender = createSender({ store, allowPrivateNetwork: true, allowHttp: true });
    const common = await sender.subscriptions.create({ url: "http://127.0.0.1:9/c", eventTypes: ["c"] });
    const rare = await sender.subscriptions.create({ url: "http://127.0.0.1:9/r", eventTypes: ["r"] });
    const publish = (type: string) =>
      store.publish(
        { id: newId("msg"), owner: "", type, payload: "{}", createdAt: Date.now() },
        { idPrefix: newId("dlv") },
      );
    await publish("r");
    // more deliveries between the two rare ones than four store calls walk (4 × 5,000)
    for (let i = 0; i < 21_000; i++) await publish("c");
    await publish("r");
    const first = await listDeliveries(sender, { owner: "", subscriptionId: rare.id, limit: 50 });
    expect(first.items.map((d) => d.subscriptionId)).toEqual([rare.id]);
    expect(first.nextCursor).not.toBeNull();
    const ids = first.items.map((d) => d.id);
    let cursor = first.nextCursor;
    for (let pages = 0; cursor !== null && pages < 10; pages++) {
      const page = await listDeliveries(sender, { owner: "", subscriptionId: rare.id, cursor, limit: 50 });
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    }
    expect(cursor).toBeNull();
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    // a common filter fills its page in one call
    const full = await listDeliveries(sender, { owner: "", subscriptionId: common.id, limit: 50 });
    expect(full.items).toHaveLength(50);
    expect(full.items.every((d) => d.subscriptionId === common.id)).toBe(true);
    // recover walks every page of the rare subscription's failed deliveries
    const leased = (await store.lease({ now: Date.now() + 1, limit: 30_000, leaseMs: 60_000 })).filter(
      (l) => l.delivery.subscriptionId === rare.id,
    );
    expect(leased).toHaveLength(2);
    await store.completeMany(
      leased.map((l) => ({ leased: l, status: "failed" as const, nextAttemptAt: null, error: "HTTP 500" })),
    );
    expect(await recoverDeliveries(sender, { owner: "", subscriptionId: rare.id, since: 0 })).toEqual({
      recovered: 2,
    });
    for (const id of ids) expect((await sender.deliveries.get(id)).status).toBe("pending");
  }, 120_000);
});
