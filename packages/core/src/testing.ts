import { utf8 } from "./encoding.js";

/**
 * What every provider's test-request helper takes (`githubTestRequest`, `stripeTestRequest`, …).
 *
 * @example
 * ```ts
 * const request = await githubTestRequest({ secret: "s", event: "issues", payload: { action: "opened" } });
 * ```
 */
export interface TestRequestInput {
  /** The shared secret to sign with (or the key the scheme uses). */
  secret: string;
  /** The payload: an object is sent as JSON; a string or bytes are sent as they are. */
  payload: unknown;
  /** The event type, for providers that carry it outside the body. */
  event?: string;
  /** The delivery or event id, for providers that send one. */
  id?: string;
  /** The URL (default `https://example.com/webhooks/<provider>`). */
  url?: string;
  /** The signed timestamp in seconds (default now). */
  timestamp?: number;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/**
 * A test-request helper: builds a correctly signed Web `Request`, for users' own tests and the CLI.
 */
export type TestRequestSigner = (input: TestRequestInput) => Promise<Request>;

/**
 * The body bytes of a test payload: objects as JSON, strings and bytes as they are.
 *
 * @example
 * ```ts
 * testBody({ a: 1 }) // bytes of '{"a":1}'
 * ```
 */
export function testBody(payload: unknown): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === "string") return utf8(payload);
  return utf8(JSON.stringify(payload));
}

/**
 * A random id for test deliveries.
 *
 * @example
 * ```ts
 * testId("msg") // "msg_8f1c…"
 * ```
 */
export function testId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, "")}`;
}
