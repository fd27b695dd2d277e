import { invalid, type SenderContext, validateJson } from "./context.js";
import { isValidFilter } from "./filters.js";
import type { HookwireSender } from "./sender.js";
import type { EventType } from "./types.js";

/** `sender.eventTypes`: declare and list event types. */
export function eventTypesResource(ctx: SenderContext): HookwireSender["eventTypes"] {
  return {
    async define(type) {
      await ctx.ready();
      if (
        typeof type?.name !== "string" ||
        type.name === "*" ||
        type.name.endsWith(".*") ||
        !isValidFilter(type.name)
      ) {
        throw invalid("An event type name is dot-separated words (invoice.paid).");
      }
      const clean: EventType = {
        name: type.name,
        ...(type.description ? { description: String(type.description) } : {}),
        ...(type.schema === undefined ? {} : { schema: validateJson(type.schema, "schema") }),
      };
      await ctx.store.defineEventType(clean);
      return clean;
    },
    async list() {
      await ctx.ready();
      return ctx.store.listEventTypes();
    },
  };
}
