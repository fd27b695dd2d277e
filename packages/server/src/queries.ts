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

/** Store pages read at most per request before answering with what was found and a cursor. */
const MAX_SCAN_PAGES = 40;
const STORE_PAGE = 250;

/**
 * The smallest delivery id created at or after `ms`: delivery ids start with `dlv_` and a fixed-width
 * base-36 time, so a time window is a range of the primary key (no scan before `since`).
 */
export function idAtTime(ms: number): string {
  return `dlv_${Math.max(0, Math.floor(ms) * 1000)
    .toString(36)
    .padStart(11, "0")}`;
}

function timeOfId(id: string): number | undefined {
  const match = /^[a-z]+_([0-9a-z]{11})/.exec(id);
  return match ? Math.floor(Number.parseInt(match[1]!, 36) / 1000) : undefined;
}

/**
 * Deliveries matching a filter, oldest first, paged. Status and the time window go to the store
 * (its status index and the time-ordered primary key); subscription and event type are matched on
 * the pages read, and at most {@link MAX_SCAN_PAGES} store pages are read per call — a call may answer
 * fewer items than `limit` with a `nextCursor` to continue.
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
  if (filter.since !== undefined) {
    const start = idAtTime(filter.since);
    if (cursor === undefined || cursor < start) cursor = start;
  }
  const items: Delivery[] = [];
  for (let pages = 0; pages < MAX_SCAN_PAGES; pages++) {
    const page = await sender.deliveries.list({
      owner: filter.owner,
      limit: STORE_PAGE,
      ...(filter.status ? { status: filter.status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const d of page.items) {
      cursor = d.id;
      if (filter.until !== undefined && (timeOfId(d.id) ?? d.createdAt) >= filter.until)
        return { items, nextCursor: null };
      if (filter.subscriptionId && d.subscriptionId !== filter.subscriptionId) continue;
      if (filter.eventType && d.eventType !== filter.eventType) continue;
      items.push(d);
      if (items.length === limit) return { items, nextCursor: d.id };
    }
    if (page.nextCursor === null) return { items, nextCursor: null };
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
