import {
  defineSignedJsonReceiver,
  jsonResponse,
  mediaType,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  utf8Decode,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { NotionEvents } from "./events.js";
import { notionScheme } from "./scheme.js";

const PACKAGE = "@hookwire/notion";

/** Options of {@link notion}. */
export interface NotionOptions {
  /**
   * The subscription's `verification_token` (`secret_…`), which signs every event. Until you have
   * it, leave it out: the receiver answers the verification request (see `onVerificationToken`) and
   * refuses events. A list accepts several subscriptions; a function looks it up per request.
   */
  secret?: SecretInput;
  /**
   * Called with the `verification_token` Notion POSTs once when a subscription is created: copy it
   * into Notion's **Verify** dialog, and into `secret`. The request is not signed (there is no
   * secret yet), so treat the value as untrusted input: store it, show it to an operator, never act
   * on it otherwise.
   */
  onVerificationToken?(token: string, request: WebhookRequest): void | Promise<void>;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Notion receiver type. */
export type NotionReceiver = Receiver<NotionEvents, "notion">;

const unconfigured = (): never => {
  throw new WebhookError(
    "CONFIGURATION_INVALID",
    `[${PACKAGE}] No secret is configured: pass { secret: "<the subscription's verification_token>" }. Notion sends the token once, when the subscription is created (see onVerificationToken).`,
  );
};

/**
 * A receiver for Notion webhooks (integration webhook subscriptions).
 *
 * The verification request Notion sends when a subscription is created (`{"verification_token":
 * "secret_…"}`, unsigned) is answered 200 and its token handed to `onVerificationToken`. Events are
 * verified on `X-Notion-Signature` (`sha256=` + hex HMAC-SHA256 of the raw body under the
 * verification token) against every configured token. The event type is the body's `type`
 * (`page.created`); the id is the event id, the same on each delivery attempt.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { notion } from "@hookwire/notion";
 *
 * const hooks = createWebhooks({
 *   receivers: {
 *     notion: notion({
 *       secret: process.env.NOTION_VERIFICATION_TOKEN,
 *       onVerificationToken: (token) => console.log(`Notion verification token: ${token}`),
 *     }),
 *   },
 * });
 * hooks.on("notion", "page.created", async (event) => {
 *   console.log(`page ${event.payload.entity.id} created`);
 * });
 * ```
 */
export function notion(options: NotionOptions = {}): NotionReceiver {
  const { onVerificationToken } = options;
  return defineSignedJsonReceiver<NotionEvents, "notion">({
    provider: "notion",
    packageName: PACKAGE,
    options: {
      secret: options.secret === undefined ? unconfigured : options.secret,
      maxBodyBytes: options.maxBodyBytes,
    },
    scheme: notionScheme,
    async handshake(request) {
      const token = verificationToken(request);
      if (token === undefined) return undefined;
      if (onVerificationToken) await onVerificationToken(token, request);
      return jsonResponse({ ok: true });
    },
    type: "type",
    id: "id",
    meta: (body) => ({
      workspaceId: typeof body.workspace_id === "string" ? body.workspace_id : undefined,
      subscriptionId: typeof body.subscription_id === "string" ? body.subscription_id : undefined,
      attemptNumber: typeof body.attempt_number === "number" ? body.attempt_number : undefined,
    }),
  });
}

/** The token of Notion's verification request, or `undefined` when the request is not one. */
function verificationToken(request: WebhookRequest): string | undefined {
  if (request.method !== "POST" || request.headers.get("x-notion-signature") !== null) return undefined;
  const type = mediaType(request);
  if (type !== "application/json" && type !== "") return undefined;
  if (request.body.byteLength > 4096 || !utf8Decode(request.body).includes("verification_token")) {
    return undefined;
  }
  const body = parseJsonObject(request.body, PACKAGE);
  const keys = Object.keys(body);
  const token = body.verification_token;
  if (keys.length !== 1 || typeof token !== "string" || token === "") return undefined;
  return token;
}
