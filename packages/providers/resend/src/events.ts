import type { WebhookEventPayload } from "resend";

/**
 * Resend's webhook events by type (`email.delivered`, `email.bounced`, `contact.created`, …), from
 * the `resend` package's own `WebhookEventPayload` union — an optional peer dependency: install
 * `resend` for the payload types; without it the receiver still works and payloads are untyped.
 *
 * @example
 * ```ts
 * type Bounced = ResendEvents["email.bounced"]; // EmailBouncedEvent
 * ```
 */
export type ResendEvents = { [E in WebhookEventPayload as E["type"]]: E };

/** A Resend event type Hookwire knows. */
export type ResendEventName = keyof ResendEvents & string;
