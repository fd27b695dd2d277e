import { WebhookError } from "@hookwire/core";
import { notFound, PACKAGE, type SenderContext } from "./context.js";
import type { HookwireSender } from "./sender.js";
import type { Page } from "./types.js";

export async function page<T extends { id: string }>(items: Promise<T[]>, limit: number): Promise<Page<T>> {
  const list = await items;
  return { items: list, nextCursor: list.length === limit ? list[list.length - 1]!.id : null };
}

export const clampLimit = (limit: number | undefined): number =>
  typeof limit === "number" && Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), 250) : 50;

/** `sender.deliveries`: the attempt log, dead letters and manual retries. */
export function deliveriesResource(ctx: SenderContext): HookwireSender["deliveries"] {
  const { store } = ctx;
  const resource: HookwireSender["deliveries"] = {
    async list(listOptions = {}) {
      await ctx.ready();
      const limit = clampLimit(listOptions.limit);
      return page(
        store.listDeliveries({
          limit,
          ...(listOptions.owner === undefined ? {} : { owner: listOptions.owner }),
          ...(listOptions.status === undefined ? {} : { status: listOptions.status }),
          ...(listOptions.eventId === undefined ? {} : { eventId: listOptions.eventId }),
          ...(listOptions.cursor ? { after: listOptions.cursor } : {}),
        }),
        limit,
      );
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
