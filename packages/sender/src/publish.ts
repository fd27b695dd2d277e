import { WebhookError } from "@hookwire/core";
import { invalid, PACKAGE, type SenderContext } from "./context.js";
import { isValidFilter } from "./filters.js";
import { newId } from "./ids.js";
import type { HookwireSender } from "./sender.js";

/** `sender.publish`: the event and its deliveries in one store transaction (the outbox). */
export function publishFunction(ctx: SenderContext): HookwireSender["publish"] {
  return async (message, publishOptions = {}) => {
    await ctx.ready();
    if (typeof message?.type !== "string" || !isValidFilter(message.type) || message.type.endsWith("*")) {
      throw invalid("type must be an event name (invoice.paid).");
    }
    if (
      message.id !== undefined &&
      (typeof message.id !== "string" || message.id.length === 0 || message.id.length > 255)
    ) {
      throw invalid("id must be a non-empty string of at most 255 characters.");
    }
    const declared = await ctx.store.listEventTypes();
    if (declared.length > 0 && !declared.some((t) => t.name === message.type)) {
      throw invalid(`Unknown event type ${message.type}. Declare it first.`);
    }
    const at = ctx.now();
    const id = message.id ?? newId("msg");
    let payload: string;
    try {
      payload = JSON.stringify({
        type: message.type,
        timestamp: new Date(at).toISOString(),
        data: message.data ?? null,
      });
    } catch (error) {
      throw new WebhookError("VALIDATION_FAILED", `[${PACKAGE}] data cannot be serialised to JSON.`, {
        cause: error,
      });
    }
    const event = { id, owner: message.owner ?? "", type: message.type, payload, createdAt: at };
    const result = await ctx.store.publish(event, {
      idPrefix: newId("dlv"),
      ...(publishOptions.client === undefined ? {} : { client: publishOptions.client }),
    });
    if (result.created) ctx.emit("event.published", { event, deliveries: result.deliveries });
    return { id, deliveries: result.deliveries, created: result.created };
  };
}
