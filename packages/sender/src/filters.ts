/**
 * Whether a subscription's filters accept an event type: exact names, `prefix.*` (any type under the
 * prefix) or `*` (everything).
 *
 * @example
 * ```ts
 * matchesEventType(["invoice.*"], "invoice.paid") // true
 * ```
 */
export function matchesEventType(filters: readonly string[], type: string): boolean {
  for (const filter of filters) {
    if (filter === "*" || filter === type) return true;
    if (filter.endsWith(".*") && type.startsWith(filter.slice(0, -1))) return true;
  }
  return false;
}

/**
 * A filter is an event name, `prefix.*` or `*`: letters, digits, `_`, `-`, `:` and dots.
 *
 * @example
 * ```ts
 * isValidFilter("invoice.*") // true
 * isValidFilter("bad name")  // false
 * ```
 */
export function isValidFilter(filter: string): boolean {
  return filter === "*" || /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*(\.\*)?$/.test(filter);
}
