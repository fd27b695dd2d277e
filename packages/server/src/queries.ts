import { WebhookError } from "@hookwire/core";
import type { Delivery, DeliveryStatus, HookwireSender, Page } from "@hookwire/sender";

/**
 * A filtered view of the deliveries, as the dashboard and portal ask for it.
 *
 * @example
 * ```ts
 * const filter: DeliveryFilter = { owner: "acme", status: "failed", since: Date.now() - 86_400_000 };
 * ```
 */
export interface DeliveryFilter {
  owner: string;
  status?: DeliveryStatus;
  eventType?: string;
  subscriptionId?: string;
  /** Created at or after (ms). */
  since?: number;
  /** Created before (ms). */
  until?: number;
  cursor?: string;
  /** 1..250 (default 50). */
  limit?: number;
}

/** Store calls per request at most (each reads a bounded part of an index) before answering with a cursor. */
const MAX_STORE_CALLS = 4;

/**
 * Deliveries matching a filter, oldest first, paged. Every filter goes to the store
 * (`sender.deliveries.list`): it walks one index in id order — the time window is a range of the
 * time-ordered primary key, failed deliveries have partial indexes — and evaluates the other filters on
 * a bounded part of it. Up to {@link MAX_STORE_CALLS} calls are made to fill a page; a very selective
 * filter may answer fewer items than `limit` with a `nextCursor` to continue.
 *
 * @example
 * ```ts
 * const { items, nextCursor } = await listDeliveries(sender, { owner: "", status: "failed", subscriptionId });
 * ```
 */
export async function listDeliveries(
  sender: HookwireSender,
  filter: DeliveryFilter,
): Promise<Page<Delivery>> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 250);
  let cursor: string | undefined = filter.cursor;
  const items: Delivery[] = [];
  for (let calls = 0; calls < MAX_STORE_CALLS; calls++) {
    const page = await sender.deliveries.list({
      owner: filter.owner,
      limit: limit - items.length,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {}),
      ...(filter.eventType ? { eventType: filter.eventType } : {}),
      ...(filter.since === undefined ? {} : { since: filter.since }),
      ...(filter.until === undefined ? {} : { until: filter.until }),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    if (page.nextCursor === null) return { items, nextCursor: null };
    cursor = page.nextCursor;
    if (items.length === limit) break;
  }
  return { items, nextCursor: cursor ?? null };
}

/**
 * Recover: send again every failed delivery of one subscription created in `[since, until)`
 * (Svix's "recover"). Returns how many were made pending.
 *
 * @example
 * ```ts
 * const { recovered } = await recoverDeliveries(sender, { owner: "", subscriptionId, since: Date.now() - 86_400_000 });
 * ```
 */
export async function recoverDeliveries(
  sender: HookwireSender,
  options: { owner: string; subscriptionId: string; since: number; until?: number },
): Promise<{ recovered: number }> {
  await sender.subscriptions.get(options.subscriptionId, { owner: options.owner });
  let recovered = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await listDeliveries(sender, {
      owner: options.owner,
      status: "failed",
      subscriptionId: options.subscriptionId,
      since: options.since,
      ...(options.until === undefined ? {} : { until: options.until }),
      ...(cursor ? { cursor } : {}),
      limit: 250,
    });
    for (const d of page.items) {
      try {
        await sender.deliveries.retry(d.id, { owner: options.owner });
        recovered++;
      } catch (error) {
        if (!(WebhookError.isInstance(error) && (error.code === "CONFLICT" || error.code === "NOT_FOUND")))
          throw error;
      }
    }
    if (page.nextCursor === null) return { recovered };
    cursor = page.nextCursor;
  }
}
