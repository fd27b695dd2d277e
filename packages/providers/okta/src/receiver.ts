import {
  defineSignedReceiver,
  jsonResponse,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { OktaEventHook, OktaEvents } from "./events.js";
import { oktaScheme, oktaSchemeFor } from "./scheme.js";

const PACKAGE = "@hookwire/okta";

/** Options of {@link okta}. */
export interface OktaOptions {
  /**
   * The event hook's "Authentication secret": the exact header value Okta sends (with any
   * `Bearer ` you typed); a list accepts any of them (rotation); a function looks it up per request.
   */
  secret: SecretInput;
  /** The event hook's "Authentication field", the header carrying the secret (default `authorization`). */
  header?: string;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Okta receiver type. */
export type OktaReceiver = Receiver<OktaEvents, "okta">;

/**
 * A receiver for Okta event hooks.
 *
 * Answers Okta's one-time verification — a GET with `X-Okta-Verification-Challenge` — with
 * `{"verification":"<challenge>"}` (the challenge is echoed to anyone; it reveals nothing). Event
 * deliveries (POST) must carry the configured secret in the authentication header, compared in
 * constant time. A delivery arrives as one `com.okta.event_hook` event whose `data.events` are
 * System Log events; each event's `uuid` is an idempotency key, the delivery's `eventId` its id.
 * Okta waits 3 s (`deadlineMs`): use `respondWithin: "deadline"` for slow handlers.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { okta, oktaEventsOf } from "@hookwire/okta";
 *
 * const hooks = createWebhooks({ receivers: { okta: okta({ secret: process.env.OKTA_HOOK_SECRET! }) }, respondWithin: "deadline" });
 * hooks.on("okta", "com.okta.event_hook", (event) => {
 *   for (const created of oktaEventsOf(event.payload, "user.lifecycle.create")) console.log(created.target?.[0]?.alternateId);
 * });
 * ```
 */
export function okta(options: OktaOptions): OktaReceiver {
  const header = options?.header?.toLowerCase();
  return defineSignedReceiver<OktaEvents, "okta">({
    provider: "okta",
    packageName: PACKAGE,
    secret: options?.secret,
    scheme: header === undefined || header === "authorization" ? oktaScheme : oktaSchemeFor(header),
    deadlineMs: 3_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    mismatch: `[${PACKAGE}] The ${header ?? "authorization"} header does not match the event hook's secret.`,
    handshakeMethods: ["GET"],
    handshake(request) {
      if (request.method !== "GET") return undefined;
      const challenge = request.headers.get("x-okta-verification-challenge");
      if (challenge === null || challenge === "") {
        throw new WebhookError(
          "HANDSHAKE_FAILED",
          `[${PACKAGE}] A GET without X-Okta-Verification-Challenge is not Okta's verification request.`,
        );
      }
      return jsonResponse({ verification: challenge });
    },
    parse,
    narrow(event, fresh) {
      const keep = new Set(fresh);
      const hook = event.payload as OktaEventHook;
      return {
        ...event,
        payload: {
          ...hook,
          data: { ...hook.data, events: hook.data.events.filter((e) => keep.has(e.uuid)) },
        },
      };
    },
  });
}

/** After authentication: the delivery, its id and one idempotency key per event. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const data = payload.data as { events?: unknown } | undefined;
  const events = typeof data === "object" && data !== null ? data.events : undefined;
  if (!Array.isArray(events)) {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The body is not an event hook delivery (no data.events).`,
    );
  }
  const keys: string[] = [];
  for (const event of events) {
    const uuid = (event as { uuid?: unknown } | null)?.uuid;
    if (typeof uuid === "string" && uuid !== "") keys.push(uuid);
  }
  const eventType =
    typeof payload.eventType === "string" && payload.eventType !== ""
      ? payload.eventType
      : "com.okta.event_hook";
  return {
    type: eventType,
    id: typeof payload.eventId === "string" ? payload.eventId : undefined,
    payload,
    ...(keys.length === events.length && keys.length > 0 ? { idempotencyKeys: keys } : {}),
  };
}
