import type { Clock, Receiver, SecretInput } from "@hookwire/core";
import { standardWebhooks } from "@hookwire/standard-webhooks";
import type { ResendEvents } from "./events.js";

/** Options of {@link resend}. */
export interface ResendOptions {
  /**
   * The webhook's signing secret (`whsec_…`); a list accepts any of them (rotation); a function
   * looks it up per request.
   */
  secret: SecretInput;
  /** Seconds `svix-timestamp` may differ from now, in either direction (default 300). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Resend receiver type. */
export type ResendReceiver = Receiver<ResendEvents, "resend">;

/**
 * A receiver for Resend webhooks. Resend delivers through Svix: `svix-id`, `svix-timestamp` and
 * `svix-signature` (`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` under the `whsec_` secret),
 * verified by `@hookwire/standard-webhooks` with a 5-minute window. The type is the body's `type`
 * (`email.delivered`), the id `svix-id` (the same on every retry). Svix waits 15 s (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { resend } from "@hookwire/resend";
 *
 * const hooks = createWebhooks({ receivers: { resend: resend({ secret: process.env.RESEND_WEBHOOK_SECRET! }) } });
 * hooks.on("resend", "email.bounced", (event) => console.log(event.payload.data.to));
 * ```
 */
export function resend(options: ResendOptions): ResendReceiver {
  const receiver = standardWebhooks<ResendEvents>({
    secret: options?.secret,
    provider: "resend",
    ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  return { ...receiver, deadlineMs: 15_000 } as ResendReceiver;
}
