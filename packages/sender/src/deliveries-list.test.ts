import { describe, expect, it } from "vitest";
import { deliveryIdAt } from "./deliveries.js";
import { memoryStore } from "./memory-store.js";
import { createSender } from "./sender.js";
import type { Delivery, Store } from "./types.js";

/** A store without queryDeliveries: the sender filters pages of listDeliveries itself. */
function withoutQuery(store: Store): Store {
  const { queryDeliveries: _q, ...rest } = store;
  return rest as Store;
}

async function everyPage(
  list: (cursor: string | undefined) => Promise<{ items: Delivery[]; nextCursor: string | null }>,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = await list(cursor);
    ids.push(...page.items.map((d) => d.id));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("the listing never ended");
}

describe("sender.deliveries.list with subscription, event type and time filters", () => {
  it("answers the same deliveries with and without the store's queryDeliveries, page by page", async () => {
    const store = memoryStore();
    const options = { allowPrivateNetwork: true, allowHttp: true };
    const direct = createSender({ store, ...options });
    const fallback = createSender({ store: withoutQuery(store), ...options });
    const a = await direct.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["a.*"] });
    const b = await direct.subscriptions.create({ url: "http://127.0.0.1:9/b", eventTypes: ["*"] });
    for (let i = 0; i < 30; i++) await direct.publish({ type: i % 3 === 0 ? "a.x" : "b.y", data: { i } });
    const all = (await direct.deliveries.list({ limit: 250 })).items;
    expect(all).toHaveLength(40);
    const middle = all[17]!;
    const filters = [
      { subscriptionId: a.id },
      { subscriptionId: b.id, eventType: "b.y" },
      { eventType: "a.x" },
      { since: middle.createdAt },
      { until: middle.createdAt + 1, subscriptionId: b.id },
    ];
    for (const filter of filters) {
      const expected = all
        .filter(
          (d) =>
            (filter.subscriptionId === undefined || d.subscriptionId === filter.subscriptionId) &&
            (filter.eventType === undefined || d.eventType === filter.eventType) &&
            (filter.since === undefined || d.id > deliveryIdAt(filter.since)) &&
            (filter.until === undefined || d.id < deliveryIdAt(filter.until)),
        )
        .map((d) => d.id);
      expect(expected.length).toBeGreaterThan(0);
      for (const s of [direct, fallback]) {
        const ids = await everyPage((cursor) =>
          s.deliveries.list({ ...filter, limit: 3, ...(cursor ? { cursor } : {}) }),
        );
        expect(ids).toEqual(expected);
      }
    }
  });
});
