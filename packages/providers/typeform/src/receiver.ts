import {
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { TypeformEvents } from "./events.js";
import { typeformScheme } from "./scheme.js";

const PACKAGE = "@hookwire/typeform";

/** Options of {@link typeform}. */
export interface TypeformOptions extends SignedReceiverOptions {
  /**
   * The webhook's secret. A list accepts any of them while you change it; a function looks it up
   * per request (several forms or accounts on one endpoint).
   */
  secret: SecretInput;
}

/** The Typeform receiver type. */
export type TypeformReceiver = Receiver<TypeformEvents, "typeform">;

/**
 * A receiver for Typeform webhooks.
 *
 * Verifies `Typeform-Signature` (`sha256=` + base64 HMAC-SHA256 of the raw body) against every
 * configured secret. The event type is the body's `event_type` (`form_response`); the id is its
 * `event_id`, the same when Typeform retries, so an idempotency store drops the duplicate.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { typeform } from "@hookwire/typeform";
 *
 * const hooks = createWebhooks({ receivers: { typeform: typeform({ secret: process.env.TYPEFORM_WEBHOOK_SECRET! }) } });
 * hooks.on("typeform", "form_response", async (event) => {
 *   console.log(`${event.payload.form_response.definition.title}: ${event.payload.form_response.answers.length} answers`);
 * });
 * ```
 */
export function typeform(options: TypeformOptions): TypeformReceiver {
  return defineSignedJsonReceiver<TypeformEvents, "typeform">({
    provider: "typeform",
    packageName: PACKAGE,
    options,
    scheme: typeformScheme,
    type: "event_type",
    id: "event_id",
    meta: (body) => {
      const response = body.form_response as { form_id?: unknown } | undefined;
      return { formId: typeof response?.form_id === "string" ? response.form_id : undefined };
    },
  });
}
