import {
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { CalendlyEvents } from "./events.js";
import { CALENDLY_TOLERANCE_SECONDS, calendlyScheme, calendlySchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/calendly";

/** Options of {@link calendly}. */
export interface CalendlyOptions extends SignedReceiverOptions {
  /**
   * The `signing_key` given when the webhook subscription was created. A list accepts any of them
   * (several subscriptions to one endpoint); a function looks it up per request.
   */
  secret: SecretInput;
  /** How old (or how far ahead) the signed `t=` may be, in seconds (default 180, as Calendly's example). */
  toleranceSeconds?: number;
}

/** The Calendly receiver type. */
export type CalendlyReceiver = Receiver<CalendlyEvents, "calendly">;

/**
 * A receiver for Calendly webhooks (v2 webhook subscriptions).
 *
 * Verifies `Calendly-Webhook-Signature` (`t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * under the signing key) against every configured key, then refuses a `t` more than three minutes
 * away. The event type is the body's `event` (`invitee.created`); the id is the event and the
 * resource it is about (`invitee.created:<invitee uri>`), which each happen once.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { calendly } from "@hookwire/calendly";
 *
 * const hooks = createWebhooks({ receivers: { calendly: calendly({ secret: process.env.CALENDLY_SIGNING_KEY! }) } });
 * hooks.on("calendly", "invitee.created", async (event) => {
 *   console.log(`${event.payload.payload.name} booked ${event.payload.payload.scheduled_event.start_time}`);
 * });
 * ```
 */
export function calendly(options: CalendlyOptions): CalendlyReceiver {
  const tolerance = options?.toleranceSeconds ?? CALENDLY_TOLERANCE_SECONDS;
  return defineSignedJsonReceiver<CalendlyEvents, "calendly">({
    provider: "calendly",
    packageName: PACKAGE,
    options,
    scheme: tolerance === CALENDLY_TOLERANCE_SECONDS ? calendlyScheme : calendlySchemeWith(tolerance),
    type: "event",
    // the event and the resource it is about, which happen once
    id: (body, _request, name) => {
      const payload = body.payload as { uri?: unknown } | undefined;
      const uri = typeof payload?.uri === "string" && payload.uri !== "" ? payload.uri : undefined;
      return uri === undefined ? undefined : `${name}:${uri}`;
    },
    meta: (body) => ({ createdBy: typeof body.created_by === "string" ? body.created_by : undefined }),
  });
}
