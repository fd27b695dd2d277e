import type { IEvents } from "@paddle/paddle-node-sdk";

/**
 * Paddle Billing's notifications by `event_type` (`subscription.created`, `transaction.completed`,
 * …), as they arrive on the wire (snake_case), taken from the `IEvents` union of Paddle's own SDK
 * `@paddle/paddle-node-sdk` (an optional peer dependency: install it for the payload types; without
 * it the receiver still works and payloads are untyped).
 *
 * @example
 * ```ts
 * type Created = PaddleEvents["subscription.created"]["data"]["status"];
 * ```
 */
export type PaddleEvents = { [E in IEvents as `${E["event_type"]}`]: E };

/** A Paddle event type Hookwire types. */
export type PaddleEventName = keyof PaddleEvents & string;
