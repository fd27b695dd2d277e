import {
  type Clock,
  defineSignedReceiver,
  formToObject,
  mediaType,
  parseForm,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  utf8Decode,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { ZendeskEvents } from "./events.js";
import { zendeskScheme, zendeskSchemeWith } from "./scheme.js";

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

/**
 * The HTTP methods Zendesk lets a trigger or automation webhook use (event subscriptions: POST only).
 *
 * @example
 * ```ts
 * ZENDESK_METHODS.includes(request.method); // true for GET, POST, PUT, PATCH, DELETE
 * ```
 */
export const ZENDESK_METHODS: readonly string[] = ["POST", "GET", "PUT", "PATCH", "DELETE"];

type Parsed =
  | { format: "json" | "form" | "query"; payload: Record<string, unknown> }
  | { format: "xml"; payload: string };

/**
 * The body of a Zendesk webhook, by its request format. Event subscriptions are always JSON; a webhook
 * connected to a trigger or automation is JSON, XML or form-encoded, and with GET or DELETE (or the
 * form format) it has no body: its parameters are in the URL query.
 */
function parseBody(request: WebhookRequest): Parsed {
  const method = request.method.toUpperCase();
  if (!ZENDESK_METHODS.includes(method)) {
    throw new WebhookError(
      "METHOD_NOT_ALLOWED",
      `[${PACKAGE}] ${method} is not a method Zendesk webhooks use (${ZENDESK_METHODS.join(", ")}).`,
      { headers: { allow: ZENDESK_METHODS.join(", ") } },
    );
  }
  if (request.body.byteLength === 0) {
    return { format: "query", payload: formToObject(new URL(request.url).searchParams) };
  }
  const type = mediaType(request);
  if (type === "application/json" || type.endsWith("+json")) {
    return { format: "json", payload: parseJsonObject(request.body, PACKAGE) };
  }
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) {
    const text = utf8Decode(request.body).replace(/^\uFEFF/, "");
    if (!text.trimStart().startsWith("<")) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The XML body does not start with an element.`);
    }
    return { format: "xml", payload: text };
  }
  if (type === "application/x-www-form-urlencoded") {
    return { format: "form", payload: formToObject(parseForm(request.body)) };
  }
  throw new WebhookError(
    "UNSUPPORTED_MEDIA_TYPE",
    `[${PACKAGE}] Content-Type ${type ? `"${type}"` : "(none)"} is not a Zendesk request format; expected application/json, application/xml or application/x-www-form-urlencoded.`,
  );
}

/**
 * A receiver for Zendesk webhooks (event subscriptions, triggers and automations).
 *
 * Verifies `X-Zendesk-Webhook-Signature` (base64 HMAC-SHA256 of
 * `X-Zendesk-Webhook-Signature-Timestamp` + raw body, under the signing secret used verbatim) with
 * a 300 s timestamp tolerance. The type is the body `type` (`zen:event-type:user.created`) for
 * event-subscription webhooks (id: the body `id`), `custom` for trigger/automation webhooks (id:
 * `X-Zendesk-Webhook-Invocation-Id`), which may use GET, POST, PUT, PATCH or DELETE and a JSON, XML or
 * form-encoded body (or URL parameters): `event.meta.method` and `event.meta.format` say which.
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
  return defineSignedReceiver<ZendeskEvents, "zendesk">({
    provider: "zendesk",
    packageName: PACKAGE,
    // trigger and automation webhooks may use these methods; the router verifies them like POST
    methods: ZENDESK_METHODS.filter((method) => method !== "POST"),
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme:
      options?.toleranceSeconds === undefined && options?.now === undefined
        ? zendeskScheme
        : zendeskSchemeWith({
            ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
            ...(options.now === undefined ? {} : { now: options.now }),
          }),
    parse,
  });
}

/** After the signature check: an event subscription's type and id, or a `custom` invocation. */
function parse(request: WebhookRequest): VerifiedParts {
  const { format, payload } = parseBody(request);
  const subscribed =
    format === "json" &&
    typeof payload === "object" &&
    typeof payload.type === "string" &&
    payload.type.startsWith("zen:event-type:");
  const invocationId = request.headers.get("x-zendesk-webhook-invocation-id")?.trim() || undefined;
  const fields = typeof payload === "object" ? payload : {};
  return {
    type: subscribed ? (fields.type as string) : "custom",
    // event subscriptions: the event id; triggers and automations: the invocation, which
    // Zendesk keeps across the retries (attempts) of one invocation
    id: subscribed ? (typeof fields.id === "string" ? fields.id : undefined) : invocationId,
    payload,
    meta: {
      webhookId: request.headers.get("x-zendesk-webhook-id") ?? undefined,
      invocationId,
      accountId: typeof fields.account_id === "number" ? fields.account_id : undefined,
      subject: typeof fields.subject === "string" ? fields.subject : undefined,
      method: request.method,
      format,
    },
  };
}
