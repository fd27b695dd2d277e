import {
  type Clock,
  defineSignedReceiver,
  jsonResponse,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  secretResolver,
  type VerifiedParts,
  WebhookError,
  type WebhookEvent,
  type WebhookRequest,
} from "@hookwire/core";
import type { DiscordEvents } from "./events.js";
import { discordKey, discordSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/discord";

/** Interaction types by number, as Discord's reference names them. */
const INTERACTION_TYPES: Record<number, string> = {
  1: "PING",
  2: "APPLICATION_COMMAND",
  3: "MESSAGE_COMPONENT",
  4: "APPLICATION_COMMAND_AUTOCOMPLETE",
  5: "MODAL_SUBMIT",
};

/** Options of {@link discord}. */
export interface DiscordOptions {
  /**
   * The application's public key (hex), as the Discord developer portal shows it; a list accepts any
   * of them (several applications on one endpoint); a function looks it up per request.
   */
  publicKey: SecretInput;
  /**
   * Refuse an `X-Signature-Timestamp` more than this many seconds from now (after the signature
   * check). Discord mandates no window and this is off by default; 300 is a reasonable replay guard.
   */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Discord receiver type. */
export type DiscordReceiver = Receiver<DiscordEvents, "discord">;

/** A body from the webhook-events endpoint: no interaction token, `type` 0 (PING) or 1 with `event`. */
function isWebhookEvent(payload: Record<string, unknown>): boolean {
  return (
    !("token" in payload) && (payload.type === 0 || (payload.type === 1 && typeof payload.event === "object"))
  );
}

/**
 * What Discord expects when no handler answered: PONG for a PING, 204 for a webhook event, and for
 * interactions the deferred answer — "thinking…" for a command or modal (type 5, then edit the
 * original response through the REST API), an acknowledged component (type 6), and an empty choice
 * list for autocomplete (which cannot be deferred).
 */
function respond(event: WebhookEvent): Response {
  const payload = event.payload as Record<string, unknown>;
  if (isWebhookEvent(payload)) return new Response(null, { status: 204 });
  switch (event.type) {
    case "PING":
      return jsonResponse({ type: 1 });
    case "MESSAGE_COMPONENT":
      return jsonResponse({ type: 6 });
    case "APPLICATION_COMMAND_AUTOCOMPLETE":
      return jsonResponse({ type: 8, data: { choices: [] } });
    default:
      return jsonResponse({ type: 5 });
  }
}

/**
 * A receiver for Discord interactions (slash commands, components, modals, autocomplete) and
 * Discord webhook events (application authorized, entitlements…).
 *
 * Verifies `X-Signature-Ed25519` (Ed25519 over `X-Signature-Timestamp` + the raw body, under the
 * application's public key) and refuses a bad signature with 401 — Discord sends some on purpose
 * and disables an endpoint that accepts them. A verified PING is answered with `{"type":1}` without
 * running handlers (the webhook-events ping with 204). The event type is the interaction type as
 * Discord names it (`APPLICATION_COMMAND`, `MESSAGE_COMPONENT`, …) or the webhook event's
 * `event.type` (`ENTITLEMENT_CREATE`); the id is the interaction id (webhook events carry none).
 *
 * Discord waits 3 s for an interaction's answer (`deadlineMs`). A handler may return the
 * interaction response itself (`jsonResponse({ type: 4, data: { content: "Hi" } })`); otherwise the
 * receiver answers with the deferred response (type 5 for commands and modals, 6 for components),
 * and with `respondWithin: "deadline"` it does so after 2 s while a slow handler goes on and edits
 * the original response through the REST API.
 *
 * @example
 * ```ts
 * import { createWebhooks, jsonResponse } from "@hookwire/core";
 * import { discord } from "@hookwire/discord";
 *
 * const hooks = createWebhooks({
 *   receivers: { discord: discord({ publicKey: process.env.DISCORD_PUBLIC_KEY! }) },
 *   respondWithin: "deadline",
 * });
 * hooks.on("discord", "APPLICATION_COMMAND", (event) =>
 *   jsonResponse({ type: 4, data: { content: `Hello ${event.payload.member?.user.username ?? "there"}` } }),
 * );
 * ```
 */
export function discord(options: DiscordOptions): DiscordReceiver {
  const publicKey = options?.publicKey;
  // A key given as text is checked now, so a mistyped one fails at startup.
  if (typeof publicKey === "string" && publicKey !== "") discordKey(publicKey);
  if (Array.isArray(publicKey)) for (const key of publicKey) if (key !== "") discordKey(key);
  const scheme = discordSchemeWith({
    ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    ...(options?.now === undefined ? {} : { now: options.now }),
  });
  const keysOf = secretResolver(publicKey, PACKAGE, "publicKey");
  const mismatch = `[${PACKAGE}] The X-Signature-Ed25519 signature does not verify under the application's public key.`;
  return defineSignedReceiver<DiscordEvents, "discord">({
    provider: "discord",
    packageName: PACKAGE,
    secret: publicKey,
    secretOption: "publicKey",
    scheme,
    deadlineMs: 3_000,
    respond,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    mismatch,
    async handshake(request) {
      // A PING is small; anything larger is an interaction or an event for verify().
      if (request.method !== "POST" || request.body.byteLength > 4096) return undefined;
      let payload: Record<string, unknown>;
      try {
        payload = parseJsonObject(request.body, PACKAGE);
      } catch {
        return undefined;
      }
      const webhookPing = payload.type === 0 && isWebhookEvent(payload);
      if (!webhookPing && (payload.type !== 1 || isWebhookEvent(payload))) return undefined;
      // Signed like any interaction: Discord sends PINGs with bad signatures and expects 401.
      const found = keysOf(request);
      const keys = Array.isArray(found) ? found : await found;
      if ((await scheme.verify(request, keys)) < 0) throw new WebhookError("SIGNATURE_INVALID", mismatch);
      return webhookPing ? new Response(null, { status: 204 }) : jsonResponse({ type: 1 });
    },
    parse,
  });
}

/** After the signature check: the interaction (or webhook event) type, the payload and the id. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const type = payload.type;
  if (typeof type !== "number" || !Number.isInteger(type)) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no numeric "type".`);
  }
  if (isWebhookEvent(payload)) {
    if (type === 0) return { type: "PING", payload, meta: { webhookEvent: true } };
    const name = (payload.event as { type?: unknown } | null)?.type;
    if (typeof name !== "string" || name === "") {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The webhook event has no "event.type".`);
    }
    return { type: name, payload, meta: { webhookEvent: true } };
  }
  return {
    type: INTERACTION_TYPES[type] ?? `INTERACTION_${type}`,
    id: typeof payload.id === "string" ? payload.id : undefined,
    payload,
    meta: { webhookEvent: false },
  };
}
