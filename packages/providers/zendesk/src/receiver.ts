import {
  assertMediaType,
  assertSecretOption,
  assertTimestamp,
  type Clock,
  concatBytes,
  DEFAULT_TOLERANCE_SECONDS,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  utf8,
  verifyHmac,
  WebhookError,
} from "@hookwire/core";
import type { ZendeskEvents } from "./events.js";

const PACKAGE = "@hookwire/zendesk";

/** Options of {@link zendesk}. */
export interface ZendeskOptions {
  /**
   * The webhook's signing secret (Admin Center → Webhooks → the webhook → Reveal secret), used
   * verbatim — it looks like base64 but is not decoded. A list accepts any of them; a function
   * looks it up per request.
   */
  secret: SecretInput;
  /**
   * Allowed distance between `X-Zendesk-Webhook-Signature-Timestamp` and now, in seconds
   * (default 300). `Infinity` turns the check off.
   */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Zendesk receiver type. */
export type ZendeskReceiver = Receiver<ZendeskEvents, "zendesk">;

function timestampSeconds(value: string): number {
  const trimmed = value.trim();
  const ms = /^\d{1,15}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
  if (!Number.isFinite(ms)) {
    throw new WebhookError(
      "HEADER_INVALID",
      `[${PACKAGE}] The X-Zendesk-Webhook-Signature-Timestamp header is not a date.`,
    );
  }
  return ms / 1000;
}

/**
 * A receiver for Zendesk webhooks (event subscriptions, triggers and automations).
 *
 * Verifies `X-Zendesk-Webhook-Signature` (base64 HMAC-SHA256 of
 * `X-Zendesk-Webhook-Signature-Timestamp` + raw body, under the signing secret used verbatim) with
 * a 300 s timestamp tolerance. The type is the body `type` (`zen:event-type:user.created`) for
 * event-subscription webhooks, `custom` for trigger/automation webhooks; the id is the body `id`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { zendesk } from "@hookwire/zendesk";
 *
 * const hooks = createWebhooks({ receivers: { zendesk: zendesk({ secret: process.env.ZENDESK_WEBHOOK_SECRET! }) } });
 * hooks.on("zendesk", "zen:event-type:user.created", (event) => console.log(event.payload.detail.email));
 * ```
 */
export function zendesk(options: ZendeskOptions): ZendeskReceiver {
  assertSecretOption(options?.secret, PACKAGE);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  return defineReceiver<ZendeskEvents, "zendesk">({
    provider: "zendesk",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.now === undefined ? {} : { now: options.now }),
    async verify(request) {
      const signature = request.headers.get("x-zendesk-webhook-signature");
      if (signature === null || signature.trim() === "") {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The X-Zendesk-Webhook-Signature header is missing.`,
        );
      }
      const timestamp = request.headers.get("x-zendesk-webhook-signature-timestamp");
      if (timestamp === null || timestamp.trim() === "") {
        throw new WebhookError(
          "HEADER_INVALID",
          `[${PACKAGE}] The X-Zendesk-Webhook-Signature-Timestamp header is missing.`,
        );
      }
      const seconds = timestampSeconds(timestamp);
      assertTimestamp(seconds, { toleranceSeconds: tolerance, now: options.now, packageName: PACKAGE });
      const secrets = await resolveSecrets(options.secret, request, PACKAGE);
      const signed = concatBytes(utf8(timestamp), request.body);
      if ((await verifyHmac("SHA-256", secrets, signed, signature, "base64")) < 0) {
        throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
      }
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject(request.body, PACKAGE);
      const subscribed = typeof payload.type === "string" && payload.type.startsWith("zen:event-type:");
      return {
        type: subscribed ? (payload.type as string) : "custom",
        id: subscribed && typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: {
          webhookId: request.headers.get("x-zendesk-webhook-id") ?? undefined,
          invocationId: request.headers.get("x-zendesk-webhook-invocation-id") ?? undefined,
          accountId: typeof payload.account_id === "number" ? payload.account_id : undefined,
          subject: typeof payload.subject === "string" ? payload.subject : undefined,
        },
      };
    },
  });
}
