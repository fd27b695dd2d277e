import type { Clock, Receiver, SecretInput } from "@hookwire/core";
import { standardWebhooks } from "@hookwire/standard-webhooks";
import type { ClerkEvents } from "./events.js";

/** Options of {@link clerk}. */
export interface ClerkOptions {
  /**
   * The endpoint's signing secret (`whsec_…`, `CLERK_WEBHOOK_SIGNING_SECRET`); a list accepts any
   * of them (rotation); a function looks it up per request.
   */
  secret: SecretInput;
  /** Seconds `svix-timestamp` may differ from now, in either direction (default 300, as Svix). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Clerk receiver type. */
export type ClerkReceiver = Receiver<ClerkEvents, "clerk">;

/**
 * A receiver for Clerk webhooks. Clerk delivers through Svix: `svix-id`, `svix-timestamp` and
 * `svix-signature` (`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` under the `whsec_` secret),
 * verified by `@hookwire/standard-webhooks` with a 5-minute window. The type is the body's `type`
 * (`user.created`), the id `svix-id` (the same on every retry). Svix waits 15 s (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { clerk } from "@hookwire/clerk";
 *
 * const hooks = createWebhooks({ receivers: { clerk: clerk({ secret: process.env.CLERK_WEBHOOK_SIGNING_SECRET! }) } });
 * hooks.on("clerk", "user.created", (event) => console.log(event.payload.data.id));
 * ```
 */
export function clerk(options: ClerkOptions): ClerkReceiver {
  const receiver = standardWebhooks<ClerkEvents>({
    secret: options?.secret,
    provider: "clerk",
    ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  return { ...receiver, deadlineMs: 15_000 } as ClerkReceiver;
}
