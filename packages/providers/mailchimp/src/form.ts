/**
 * A form body as a nested object: `data[merges][EMAIL]=a` becomes `{ data: { merges: { EMAIL: "a" } } }`.
 * Repeated keys keep the last value.
 *
 * @example
 * ```ts
 * formToNested(new URLSearchParams("type=subscribe&data[email]=a@b.c")) // { type: "subscribe", data: { email: "a@b.c" } }
 * ```
 */
export function formToNested(form: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of form) {
    const path = key.split(/\[|\]\[|\]$/).filter((part, i) => i === 0 || part !== "");
    // A key naming a prototype property anywhere is dropped whole, never placed elsewhere.
    if (path.some((part) => part === "__proto__" || part === "constructor" || part === "prototype")) continue;
    let node = out;
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i]!;
      const next = node[part];
      if (typeof next !== "object" || next === null) node[part] = Object.create(null);
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}

/**
 * Encode a nested object as a form body with bracket keys (the inverse of {@link formToNested}).
 *
 * @example
 * ```ts
 * nestedToForm({ data: { email: "a@b.c" } }) // "data%5Bemail%5D=a%40b.c"
 * ```
 */
export function nestedToForm(value: Record<string, unknown>, prefix = ""): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (v !== null && typeof v === "object") parts.push(nestedToForm(v as Record<string, unknown>, name));
    else parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(v ?? ""))}`);
  }
  return parts.filter(Boolean).join("&");
}
