import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  secretResolver,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { TwitchEvents } from "./events.js";
import { twitchSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/twitch";
const VERIFICATION = "webhook_callback_verification";

/** Options of {@link twitch}. */
export interface TwitchOptions {
  /**
   * The `transport.secret` you gave when creating the subscription (10–100 ASCII characters). A list
   * accepts any of them (subscriptions created with different secrets); a function looks it up per
   * request.
   */
  secret: SecretInput;
  /** Oldest message accepted, in seconds (default 600: Twitch says to drop messages older than 10 minutes). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Twitch receiver type. */
export type TwitchReceiver = Receiver<TwitchEvents, "twitch">;

function assertSecretShape(secret: SecretInput | undefined): void {
  if (secret === undefined || typeof secret === "function") return;
  for (const value of typeof secret === "string" ? [secret] : secret) {
    if (typeof value === "string" && value !== "" && !/^[\x20-\x7e]{10,100}$/.test(value)) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] Twitch subscription secrets are 10 to 100 ASCII characters, got ${value.length}.`,
      );
    }
  }
}

function challengeOf(payload: Record<string, unknown>): string {
  if (typeof payload.challenge !== "string" || payload.challenge === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The ${VERIFICATION} body has no challenge.`);
  }
  return payload.challenge;
}

const challengeResponse = (challenge: string): Response =>
  new Response(challenge, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });

function jsonBody(request: WebhookRequest): Record<string, unknown> {
  assertMediaType(request, ["application/json", ""], PACKAGE);
  return parseJsonObject(request.body, PACKAGE);
}

/**
 * A receiver for Twitch EventSub over webhooks.
 *
 * Verifies `Twitch-Eventsub-Message-Signature` (`sha256=` + hex HMAC-SHA256 of Message-Id +
 * Message-Timestamp + raw body) against every configured secret, then refuses messages older than
 * 10 minutes. Answers `webhook_callback_verification` — after checking its signature — with the
 * raw `challenge` as `text/plain`, without running handlers. Notifications are named by their
 * subscription type as Twitch names it (`channel.follow`, `stream.online`); revocations are
 * `revocation` (the reason is `payload.subscription.status`). `event.id` is
 * `Twitch-Eventsub-Message-Id`, which Twitch keeps when it resends a message: with the router's
 * `idempotency` store a resent message runs no handler twice.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { twitch } from "@hookwire/twitch";
 *
 * const hooks = createWebhooks({ receivers: { twitch: twitch({ secret: process.env.TWITCH_EVENTSUB_SECRET! }) } });
 * hooks.on("twitch", "channel.follow", async (event) => {
 *   console.log(`${event.payload.event.user_name} followed`);
 * });
 * hooks.on("twitch", "revocation", async (event) => console.warn(event.payload.subscription.status));
 * ```
 */
export function twitch(options: TwitchOptions): TwitchReceiver {
  assertSecretShape(options?.secret);
  const scheme = twitchSchemeWith({
    ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    ...(options?.now === undefined ? {} : { now: options.now }),
  });
  const secretsOf = secretResolver(options?.secret, PACKAGE);

  return defineSignedReceiver<TwitchEvents, "twitch">({
    provider: "twitch",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme,
    async handshake(request) {
      if (request.headers.get("twitch-eventsub-message-type")?.trim() !== VERIFICATION) return undefined;
      const matched = await scheme.verify(request, await secretsOf(request));
      if (matched < 0) {
        throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
      }
      return challengeResponse(challengeOf(jsonBody(request)));
    },
    parse,
    respond(event) {
      // Reached only when verify() ran outside the router's handshake step.
      return typeof event.meta.challenge === "string" ? challengeResponse(event.meta.challenge) : undefined;
    },
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  const messageType = request.headers.get("twitch-eventsub-message-type")?.trim();
  if (!messageType) {
    throw new WebhookError(
      "HEADER_INVALID",
      `[${PACKAGE}] The Twitch-Eventsub-Message-Type header is missing.`,
    );
  }
  const payload = jsonBody(request);
  const subscription = payload.subscription as { type?: unknown } | null | undefined;
  const subscriptionType =
    typeof subscription === "object" && subscription !== null && typeof subscription.type === "string"
      ? subscription.type
      : undefined;
  if (subscriptionType === undefined || subscriptionType === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no subscription.type.`);
  }
  const retry = request.headers.get("twitch-eventsub-message-retry")?.trim();
  const meta: Record<string, unknown> = {
    messageType,
    subscriptionType,
    subscriptionVersion: request.headers.get("twitch-eventsub-subscription-version") ?? undefined,
    retry: retry !== undefined && /^\d+$/.test(retry) ? Number(retry) : undefined,
  };
  if (messageType === VERIFICATION) meta.challenge = challengeOf(payload);
  return {
    // notifications by subscription type (signed in the body); other messages by their message type
    type: messageType === "notification" ? subscriptionType : messageType,
    id: request.headers.get("twitch-eventsub-message-id") ?? undefined,
    payload,
    meta,
  };
}
