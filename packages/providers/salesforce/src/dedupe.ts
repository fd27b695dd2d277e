import type { HandlerContext, IdempotencyStore, WebhookEvent } from "@hookwire/core";
import type { SalesforceOutboundMessage } from "./events.js";

/** Options of {@link dedupeNotifications}. */
export interface DedupeNotificationsOptions {
  /**
   * Where processed notification ids are remembered: `memoryIdempotencyStore()` for one process, or
   * a shared store (Redis, a database) for several.
   */
  store: IdempotencyStore;
  /** How long a notification id is remembered, in ms (default 24 h: Salesforce retries for 24 h). */
  ttlMs?: number;
  /**
   * A name for this handler's keys (default `"default"`), so that two wrapped handlers of one message
   * each process every notification once.
   */
  name?: string;
}

type SalesforceHandlerEvent = WebhookEvent<string, SalesforceOutboundMessage<any>, string>;

/**
 * Wrap a Salesforce handler so that it sees each outbound-message **notification** once. Salesforce
 * retries unacknowledged messages for 24 hours and may re-batch them (a redelivery can mix
 * notifications already handled with new ones).
 *
 * With the router's `idempotency` on (`createWebhooks({ idempotency: true })` or a store), this is
 * already automatic: the receiver gives one idempotency key per notification and the router drops
 * the notifications already done before any handler runs. The wrapper is for routers without an
 * idempotency store, or for one handler that keeps its own record (`name`) apart from the others.
 *
 * Each notification id is claimed in `store` before the handler runs; the handler gets the message
 * minus the notifications already claimed, and is not called at all when none is left (the router
 * then answers the SOAP `<Ack>`). If the handler throws or answers with an error status (e.g.
 * {@link salesforceFault}), the claims are released so that Salesforce's retry processes them again.
 *
 * @example
 * ```ts
 * import { memoryIdempotencyStore } from "@hookwire/core";
 * import { dedupeNotifications } from "@hookwire/salesforce";
 *
 * const store = memoryIdempotencyStore();
 * hooks.on("salesforce", "sobject.Account", dedupeNotifications(async (event) => {
 *   for (const n of event.payload.notifications) await upsertAccount(n.sObject); // each id once
 * }, { store }));
 * ```
 */
export function dedupeNotifications<TEvent extends SalesforceHandlerEvent>(
  handler: (
    event: TEvent,
    context: HandlerContext,
  ) => void | Response | undefined | Promise<void | Response | undefined>,
  options: DedupeNotificationsOptions,
): (event: TEvent, context: HandlerContext) => Promise<void | Response | undefined> {
  const ttlMs = options.ttlMs ?? 24 * 3600_000;
  const name = options.name ?? "default";
  return async (event, context) => {
    const message = event.payload;
    const claimed: string[] = [];
    const fresh: SalesforceOutboundMessage<any>["notifications"] = [];
    const seen = new Set<string>();
    for (const notification of message.notifications) {
      if (seen.has(notification.id)) continue; // the same id twice in one message: once
      seen.add(notification.id);
      const key = `salesforce:${message.organizationId.slice(0, 15)}:${name}:${notification.id}`;
      if (await options.store.claim(key, ttlMs)) {
        claimed.push(key);
        fresh.push(notification);
      }
    }
    if (fresh.length === 0) return undefined;
    const release = async () => {
      for (const key of claimed) await options.store.release(key);
    };
    const narrowed = { ...event, payload: { ...message, notifications: fresh } } as TEvent;
    let result: void | Response | undefined;
    try {
      result = await handler(narrowed, context);
    } catch (error) {
      await release();
      throw error;
    }
    if (result instanceof Response && result.status >= 400) await release();
    return result;
  };
}
