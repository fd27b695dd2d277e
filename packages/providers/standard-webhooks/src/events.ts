/**
 * Standard Webhooks carries a `type` in the body, but each sender defines its own event types.
 * Pass your own map to get typed handlers: `standardWebhooks<{ "invoice.paid": Invoice }>(…)`.
 *
 * @example
 * ```ts
 * type MyEvents = { "user.created": { type: "user.created"; timestamp: string; data: { id: string } } };
 * const receiver = standardWebhooks<MyEvents>({ secret });
 * ```
 */
export type StandardWebhooksEvents = { [type: string]: StandardWebhookPayload };

/** The body shape the Standard Webhooks spec recommends. */
export interface StandardWebhookPayload<TData = unknown> {
  /** The event type, dot-separated (`invoice.paid`). */
  type: string;
  /** When the event happened (RFC 3339). */
  timestamp?: string;
  /** The event data. */
  data: TData;
}
