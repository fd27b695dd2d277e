import {
  type Clock,
  defineSignedReceiver,
  parseJson,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { SendGridEvent, SendGridEvents } from "./events.js";
import { sendgridPublicKey, sendgridSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/sendgrid";

/** Options of {@link sendgrid}. */
export interface SendGridOptions {
  /**
   * The Event Webhook's verification key (base64, as Mail Settings → Event Webhook → Signature
   * Verification shows it; PEM works too); a list accepts any of them (several subusers or a
   * rotation); a function looks it up per request.
   */
  publicKey: SecretInput;
  /**
   * Refuse a signed timestamp more than this many seconds from now (after the signature check).
   * SendGrid defines no window and retries for up to 24 hours, so this is off by default.
   */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The SendGrid receiver type. */
export type SendGridReceiver = Receiver<SendGridEvents, "sendgrid">;

/**
 * A receiver for SendGrid's Event Webhook (delivery and engagement events).
 *
 * Verifies `X-Twilio-Email-Event-Webhook-Signature` — ECDSA P-256 / SHA-256 over
 * `X-Twilio-Email-Event-Webhook-Timestamp` + the raw body (with its trailing `\r\n`) — under the
 * verification key. A request carries a batch of events: it arrives as one `events` event whose
 * payload is the array, with one idempotency key per item (`sg_event_id`), so with `idempotency`
 * on, a retried batch runs handlers only for the items not processed yet.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { sendgrid, sendgridEventsOf } from "@hookwire/sendgrid";
 *
 * const hooks = createWebhooks({
 *   receivers: { sendgrid: sendgrid({ publicKey: process.env.SENDGRID_WEBHOOK_PUBLIC_KEY! }) },
 *   idempotency: true,
 * });
 * hooks.on("sendgrid", "events", (event) => {
 *   for (const bounce of sendgridEventsOf(event.payload, "bounce")) console.log(bounce.email, bounce.reason);
 * });
 * ```
 */
export function sendgrid(options: SendGridOptions): SendGridReceiver {
  const publicKey = options?.publicKey;
  // A key given as text is checked now, so a mistyped one fails at startup.
  if (typeof publicKey === "string" && publicKey !== "") sendgridPublicKey(publicKey);
  if (Array.isArray(publicKey)) for (const key of publicKey) if (key !== "") sendgridPublicKey(key);
  return defineSignedReceiver<SendGridEvents, "sendgrid">({
    provider: "sendgrid",
    packageName: PACKAGE,
    secret: publicKey,
    secretOption: "publicKey",
    scheme: sendgridSchemeWith({
      ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    mismatch: `[${PACKAGE}] The Event Webhook signature does not verify under the verification key.`,
    parse,
    narrow(event, fresh) {
      const keep = new Set(fresh);
      return {
        ...event,
        payload: (event.payload as SendGridEvent[]).filter((item) => keep.has(item.sg_event_id)),
      };
    },
  });
}

/** After the signature check: the batch, and one idempotency key per item. */
function parse(request: WebhookRequest): VerifiedParts {
  const batch = parseJson<unknown>(request.body, PACKAGE);
  if (!Array.isArray(batch)) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body is not a JSON array of events.`);
  }
  const keys: string[] = [];
  for (const item of batch) {
    if (
      typeof item !== "object" ||
      item === null ||
      typeof (item as { event?: unknown }).event !== "string"
    ) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] An item of the batch has no "event".`);
    }
    const id = (item as { sg_event_id?: unknown }).sg_event_id;
    if (typeof id === "string" && id !== "") keys.push(id);
  }
  return {
    type: "events",
    payload: batch,
    // Every item names its own occurrence; the request as a whole has no id.
    ...(keys.length === batch.length && keys.length > 0 ? { idempotencyKeys: keys } : {}),
  };
}
