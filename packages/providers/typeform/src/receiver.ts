import {
  defineSignedReceiver,
  optionalString,
  parseJsonObject,
  type Receiver,
  requireStringField,
  type SecretInput,
  type VerifiedParts,
  type WebhookRequest,
} from "@hookwire/core";
import type { TypeformEvents } from "./events.js";
import { typeformScheme } from "./scheme.js";

const PACKAGE = "@hookwire/typeform";

/** Options of {@link typeform}. */
export interface TypeformOptions {
  /**
   * The webhook's secret. A list accepts any of them while you change it; a function looks it up
   * per request (several forms or accounts on one endpoint).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
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
  return defineSignedReceiver<TypeformEvents, "typeform">({
    provider: "typeform",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: typeformScheme,
    parse,
  });
}

/** After the signature check: the event type, the payload and the event id. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const type = requireStringField(payload, "event_type", PACKAGE);
  const response = payload.form_response as { form_id?: unknown } | undefined;
  return {
    type,
    id: optionalString(payload.event_id),
    payload,
    meta: { formId: typeof response?.form_id === "string" ? response.form_id : undefined },
  };
}
