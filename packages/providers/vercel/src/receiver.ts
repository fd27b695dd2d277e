import {
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { VercelEvents } from "./events.js";
import { vercelScheme } from "./scheme.js";

const PACKAGE = "@hookwire/vercel";

/** Options of {@link vercel}. */
export interface VercelOptions extends SignedReceiverOptions {
  /**
   * The webhook's secret (shown once when an account webhook is created) or, for an integration's
   * webhooks, its client secret. A list accepts any of them while you rotate; a function looks it
   * up per request.
   */
  secret: SecretInput;
}

/** The Vercel receiver type. */
export type VercelReceiver = Receiver<VercelEvents, "vercel">;

/**
 * A receiver for Vercel webhooks (account webhooks and integration webhooks).
 *
 * Verifies `x-vercel-signature` (hex HMAC-SHA1 of the raw body) against every configured secret.
 * The event type is the body's `type` (`deployment.succeeded`, `project.created`); the id is the
 * body's `id`, one per event.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { vercel } from "@hookwire/vercel";
 *
 * const hooks = createWebhooks({ receivers: { vercel: vercel({ secret: process.env.VERCEL_WEBHOOK_SECRET! }) } });
 * hooks.on("vercel", "deployment.succeeded", async (event) => {
 *   console.log(`https://${event.payload.payload.deployment.url} is live`);
 * });
 * ```
 */
export function vercel(options: VercelOptions): VercelReceiver {
  return defineSignedJsonReceiver<VercelEvents, "vercel">({
    provider: "vercel",
    packageName: PACKAGE,
    options,
    scheme: vercelScheme,
    type: "type",
    id: "id",
  });
}
