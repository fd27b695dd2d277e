import type { WebhookEvent } from "@clerk/backend";

/**
 * Clerk's webhook events by type (`user.created`, `session.ended`, `organization.updated`, …), from
 * `@clerk/backend`'s own `WebhookEvent` union — an optional peer dependency: install
 * `@clerk/backend` for the payload types; without it the receiver still works and payloads are
 * untyped.
 *
 * @example
 * ```ts
 * type Created = ClerkEvents["user.created"]; // UserWebhookEvent
 * ```
 */
export type ClerkEvents = { [E in WebhookEvent as E["type"]]: E };

/** A Clerk event type Hookwire knows. */
export type ClerkEventName = keyof ClerkEvents & string;
