import { utf8Decode } from "./encoding.js";
import { WebhookError } from "./errors.js";
import type { WebhookRequest } from "./types.js";

/**
 * The media type of a request, lower-cased without parameters (`application/json`), or `""`.
 *
 * @example
 * ```ts
 * mediaType(request) === "application/x-www-form-urlencoded"
 * ```
 */
export function mediaType(request: WebhookRequest): string {
  const value = request.headers.get("content-type");
  if (value === null) return "";
  if (value === "application/json") return value; // the common case, without allocating
  const semicolon = value.indexOf(";");
  return (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Throw `UNSUPPORTED_MEDIA_TYPE` unless the request's media type is one of `accepted`.
 * A `+json` suffix counts as `application/json`.
 *
 * @example
 * ```ts
 * assertMediaType(request, ["application/json"], "@hookwire/stripe");
 * ```
 */
export function assertMediaType(
  request: WebhookRequest,
  accepted: readonly string[],
  packageName: string,
): string {
  const type = mediaType(request);
  const normalized = type.endsWith("+json") ? "application/json" : type;
  if (!accepted.includes(normalized)) {
    throw new WebhookError(
      "UNSUPPORTED_MEDIA_TYPE",
      `[${packageName}] Content-Type ${type ? `"${type}"` : "(none)"} is not accepted; expected ${accepted.join(" or ")}.`,
    );
  }
  return normalized;
}

/**
 * Parse a JSON body; throws `PAYLOAD_INVALID` (never a `SyntaxError`).
 *
 * @example
 * ```ts
 * const payload = parseJson<{ type: string }>(request.body, "@hookwire/stripe");
 * ```
 */
export function parseJson<T = unknown>(body: Uint8Array | string, packageName: string): T {
  const text = typeof body === "string" ? body : utf8Decode(body);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new WebhookError("PAYLOAD_INVALID", `[${packageName}] The body is not valid JSON.`, {
      cause: error,
    });
  }
}

/**
 * Parse a JSON body that must be an object (not an array or a scalar).
 *
 * @example
 * ```ts
 * const payload = parseJsonObject(request.body, "@hookwire/github");
 * ```
 */
export function parseJsonObject<T extends object = Record<string, unknown>>(
  body: Uint8Array | string,
  packageName: string,
): T {
  const value = parseJson<unknown>(body, packageName);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WebhookError("PAYLOAD_INVALID", `[${packageName}] The body is JSON but not an object.`);
  }
  return value as T;
}

/**
 * A body field that must be a non-empty string (the event type), or a `PAYLOAD_INVALID` error naming it.
 *
 * @example
 * ```ts
 * const type = requireStringField(parseJsonObject(request.body, PACKAGE), "event_type", PACKAGE);
 * ```
 */
export function requireStringField(
  body: Record<string, unknown>,
  field: string,
  packageName: string,
): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${packageName}] The body has no "${field}".`);
  }
  return value;
}

/**
 * A value when it is a non-empty string, otherwise `undefined` (an optional event id).
 *
 * @example
 * ```ts
 * const id = optionalString(payload.id);
 * ```
 */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A header's value trimmed, or `undefined` when it is absent or blank (an optional delivery id).
 *
 * @example
 * ```ts
 * const id = optionalHeader(request, "x-razorpay-event-id");
 * ```
 */
export function optionalHeader(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers.get(name)?.trim();
  return value === "" ? undefined : value;
}

/**
 * Parse an `application/x-www-form-urlencoded` body.
 *
 * @example
 * ```ts
 * const form = parseForm(request.body); form.get("payload");
 * ```
 */
export function parseForm(body: Uint8Array | string): URLSearchParams {
  return new URLSearchParams(typeof body === "string" ? body : utf8Decode(body));
}

/**
 * A form body as a plain object (the last value wins for repeated keys; see {@link parseForm} for all).
 *
 * @example
 * ```ts
 * const fields = formToObject(parseForm(request.body));
 * ```
 */
export function formToObject(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) out[key] = value;
  return out;
}

/**
 * Read a required header; throws `HEADER_INVALID` (or the given code) when it is absent or empty.
 *
 * @example
 * ```ts
 * const event = requireHeader(request, "x-github-event", "@hookwire/github");
 * ```
 */
export function requireHeader(
  request: WebhookRequest,
  name: string,
  packageName: string,
  code: "HEADER_INVALID" | "SIGNATURE_MISSING" = "HEADER_INVALID",
): string {
  const value = request.headers.get(name);
  if (value === null || value.trim() === "") {
    throw new WebhookError(code, `[${packageName}] The ${name} header is missing.`);
  }
  return value;
}

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
