import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  formToObject,
  type IdempotencyStore,
  mediaType,
  memoryIdempotencyStore,
  parseForm,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { MailgunEvents } from "./events.js";
import { mailgunSchemeWith, mailgunSignatureOf } from "./scheme.js";

const PACKAGE = "@hookwire/mailgun";

/** Options of {@link mailgun}. */
export interface MailgunOptions {
  /**
   * The HTTP webhook signing key (Mailgun → Sending → Webhooks → HTTP webhook signing key). A list
   * accepts any of them (rotation, or a parent account's key); a function looks it up per request.
   */
  secret: SecretInput;
  /** Allowed distance between the signed timestamp and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /**
   * Where the tokens already seen are kept, so that a captured request cannot be replayed within
   * the window. Default: in memory, per receiver — give a shared store (Redis…) when several
   * processes receive; `false` turns the check off.
   */
  tokenStore?: IdempotencyStore | false;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Mailgun receiver type. */
export type MailgunReceiver = Receiver<MailgunEvents, "mailgun">;

/**
 * A receiver for Mailgun webhooks (JSON HTTP webhooks, and legacy form-encoded ones).
 *
 * The signature is in the body: `signature.signature` must be the hex HMAC-SHA256 of
 * `signature.timestamp + signature.token` under the webhook signing key; the timestamp must be
 * within 300 s; a token seen before is refused as a replay (tokens are kept for twice the window).
 * Events are named by `event-data.event` (`delivered`, `failed`, `opened`); `event.id` is
 * `event-data.id`. Answer 406 from a handler to tell Mailgun not to retry.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { mailgun } from "@hookwire/mailgun";
 *
 * const hooks = createWebhooks({ receivers: { mailgun: mailgun({ secret: process.env.MAILGUN_WEBHOOK_SIGNING_KEY! }) } });
 * hooks.on("mailgun", "failed", async (event) => {
 *   const data = event.payload["event-data"];
 *   if (data.severity === "permanent") console.log(`bounce: ${data.recipient}`);
 * });
 * ```
 */
export function mailgun(options: MailgunOptions): MailgunReceiver {
  const tolerance = options?.toleranceSeconds ?? 300;
  const tokens =
    options?.tokenStore === false ? undefined : (options?.tokenStore ?? memoryIdempotencyStore());
  const ttlMs = Math.min(2 * tolerance * 1000, 2_147_483_647);

  const claim = (request: WebhookRequest, parts: VerifiedParts): VerifiedParts | Promise<VerifiedParts> => {
    if (!tokens) return parts;
    const token = mailgunSignatureOf(request)!.token;
    const fresh = (claimed: boolean): VerifiedParts => {
      if (!claimed) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The signature's token was already used: a replay.`,
        );
      }
      return parts;
    };
    const claimed = tokens.claim(`mailgun-token:${token}`, ttlMs);
    return typeof claimed === "boolean" ? fresh(claimed) : claimed.then(fresh);
  };

  return defineSignedReceiver<MailgunEvents, "mailgun">({
    provider: "mailgun",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme: mailgunSchemeWith({
      toleranceSeconds: tolerance,
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    precheck: (request) =>
      void assertMediaType(request, ["application/json", "application/x-www-form-urlencoded", ""], PACKAGE),
    parse: (request) => claim(request, parse(request)),
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  if (mediaType(request) === "application/x-www-form-urlencoded") {
    const form = formToObject(parseForm(request.body));
    if (!form.event) throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The form has no "event" field.`);
    return { type: form.event, payload: form, meta: { legacy: true } };
  }
  const payload = parseJsonObject(request.body, PACKAGE);
  const data = payload["event-data"] as { event?: unknown; id?: unknown } | null | undefined;
  if (typeof data !== "object" || data === null || typeof data.event !== "string" || data.event === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "event-data.event".`);
  }
  return {
    type: data.event,
    id: typeof data.id === "string" && data.id !== "" ? data.id : undefined,
    payload,
    meta: { legacy: false },
  };
}
