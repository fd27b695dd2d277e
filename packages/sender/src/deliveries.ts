import { WebhookError } from "@hookwire/core";
import { notFound, PACKAGE, type SenderContext } from "./context.js";
import type { HookwireSender } from "./sender.js";
import type { Delivery, DeliveryQuery, DeliveryQueryPage, Page } from "./types.js";

export async function page<T extends { id: string }>(items: Promise<T[]>, limit: number): Promise<Page<T>> {
  const list = await items;
  return { items: list, nextCursor: list.length === limit ? list[list.length - 1]!.id : null };
}

export const clampLimit = (limit: number | undefined): number =>
  typeof limit === "number" && Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), 250) : 50;

/** Index entries a store reads at most per filtered `deliveries.list` call. */
export const SCAN_LIMIT = 5000;

/**
 * The smallest delivery id created at or after `ms` (exclusive bound: every delivery created at `ms` or
 * later has a greater id). Delivery ids start with `dlv_` and a fixed-width base-36 time, so a time
 * window is a range of the primary key.
 *
 * @example
 * ```ts
 * store.queryDeliveries({ after: deliveryIdAt(Date.now() - 3600_000), limit: 50, scanLimit: 5000 });
 * ```
 */
export function deliveryIdAt(ms: number): string {
  return `dlv_${Math.max(0, Math.floor(ms) * 1000)
    .toString(36)
    .padStart(11, "0")}`;
}

function matches(d: Delivery, q: Omit<DeliveryQuery, "limit" | "scanLimit">): boolean {
  return (
    (q.status === undefined || d.status === q.status) &&
    (q.subscriptionId === undefined || d.subscriptionId === q.subscriptionId) &&
    (q.eventType === undefined || d.eventType === q.eventType)
  );
}

/** `sender.deliveries`: the attempt log, dead letters and manual retries. */
export function deliveriesResource(ctx: SenderContext): HookwireSender["deliveries"] {
  const { store } = ctx;
  // a store without queryDeliveries: its pages filtered here, as many rows read at most
  async function scanPages(query: DeliveryQuery): Promise<DeliveryQueryPage> {
    const items: Delivery[] = [];
    let after = query.after;
    for (let read = 0; read < query.scanLimit; ) {
      const rows = await store.listDeliveries({
        limit: 250,
        ...(query.owner === undefined ? {} : { owner: query.owner }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(after === undefined ? {} : { after }),
      });
      for (const d of rows) {
        if (query.before !== undefined && d.id >= query.before) return { items, cursor: null };
        after = d.id;
        if (!matches(d, query)) continue;
        items.push(d);
        if (items.length === query.limit) return { items, cursor: d.id };
      }
      if (rows.length < 250) return { items, cursor: null };
      read += rows.length;
    }
    return { items, cursor: after ?? null };
  }
  const resource: HookwireSender["deliveries"] = {
    async list(listOptions = {}) {
      await ctx.ready();
      const limit = clampLimit(listOptions.limit);
      const { owner, status, eventId, subscriptionId, eventType, since, until, cursor } = listOptions;
      if (eventId !== undefined || (subscriptionId ?? eventType ?? since ?? until) === undefined) {
        return page(
          store.listDeliveries({
            limit,
            ...(owner === undefined ? {} : { owner }),
            ...(status === undefined ? {} : { status }),
            ...(eventId === undefined ? {} : { eventId }),
            ...(cursor ? { after: cursor } : {}),
            // one event's deliveries: the other filters on them here
          }),
          limit,
        ).then((p) =>
          eventId === undefined ? p : { ...p, items: p.items.filter((d) => matches(d, listOptions)) },
        );
      }
      let after = cursor || undefined;
      if (since !== undefined) {
        const start = deliveryIdAt(since);
        if (after === undefined || after < start) after = start;
      }
      const query: DeliveryQuery = {
        limit,
        scanLimit: SCAN_LIMIT,
        ...(owner === undefined ? {} : { owner }),
        ...(status === undefined ? {} : { status }),
        ...(subscriptionId === undefined ? {} : { subscriptionId }),
        ...(eventType === undefined ? {} : { eventType }),
        ...(after === undefined ? {} : { after }),
        ...(until === undefined ? {} : { before: deliveryIdAt(until) }),
      };
      const found = store.queryDeliveries ? await store.queryDeliveries(query) : await scanPages(query);
      return { items: found.items, nextCursor: found.cursor };
    },
    async get(id, scope = {}) {
      await ctx.ready();
      const found = await store.getDelivery(id, scope.owner);
      if (!found) throw notFound("delivery", id);
      return found;
    },
    async attempts(id, scope = {}) {
      await resource.get(id, scope);
      return store.listAttempts(id);
    },
    async retry(id, scope = {}) {
      const delivery = await resource.get(id, scope);
      if (delivery.status === "pending")
        throw new WebhookError("CONFLICT", `[${PACKAGE}] Delivery ${id} is already pending.`);
      const requeued = await store.requeue(id, scope.owner, ctx.now());
      if (!requeued) throw notFound("delivery", id);
      ctx.emit("delivery.requeued", { delivery: requeued });
      return requeued;
    },
    async counts(scope = {}) {
      await ctx.ready();
      return store.countDeliveries(scope.owner);
    },
  };
  return resource;
}
