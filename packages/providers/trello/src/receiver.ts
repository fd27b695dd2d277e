import {
  assertMediaType,
  assertSecretOption,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { TrelloEvents } from "./events.js";
import { trelloScheme } from "./scheme.js";

const PACKAGE = "@hookwire/trello";

/** Options of {@link trello}. */
export interface TrelloOptions {
  /**
   * The secret of the Trello Power-Up / API key that created the webhook (trello.com/app-key →
   * Secret); a list accepts any of them; a function looks it up per request.
   */
  secret: SecretInput;
  /**
   * The `callbackURL` exactly as it was registered with Trello: it is part of the signed content.
   * Default: the URL the request arrived at — behind a proxy or load balancer that changes the
   * scheme, host, port or path, set it (a string, or a function of the request).
   */
  callbackUrl?: string | ((request: WebhookRequest) => string | Promise<string>);
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Trello receiver type. */
export type TrelloReceiver = Receiver<TrelloEvents, "trello">;

/**
 * A receiver for Trello webhooks.
 *
 * Verifies `X-Trello-Webhook` (base64 HMAC-SHA1 of the raw body followed by the callback URL, under
 * the app secret) against every configured secret; answers Trello's `HEAD` check at creation with
 * 200. The type is the body's `action.type` (`createCard`, `updateCard`…), the id `action.id`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { trello } from "@hookwire/trello";
 *
 * const hooks = createWebhooks({
 *   receivers: {
 *     trello: trello({ secret: process.env.TRELLO_SECRET!, callbackUrl: "https://your.app/webhooks/trello" }),
 *   },
 * });
 * hooks.on("trello", "createCard", (event) => console.log(event.payload.action.data.card?.name));
 * ```
 */
export function trello(options: TrelloOptions): TrelloReceiver {
  assertSecretOption(options?.secret, PACKAGE);
  if (options.callbackUrl !== undefined && typeof options.callbackUrl !== "function") {
    try {
      new URL(options.callbackUrl);
    } catch {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The callbackUrl option is not an absolute URL. Pass the callbackURL exactly as registered with Trello.`,
      );
    }
  }
  return defineReceiver<TrelloEvents, "trello">({
    provider: "trello",
    packageName: PACKAGE,
    handshakeMethods: ["HEAD"],
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    handshake(request) {
      return request.method === "HEAD" ? new Response(null, { status: 200 }) : undefined;
    },
    // Not defineSignedReceiver: the signed URL is found per request, and a mismatch names it.
    async verify(request) {
      const secrets = await resolveSecrets(options.secret, request, PACKAGE);
      const callbackUrl =
        options.callbackUrl === undefined
          ? request.url
          : typeof options.callbackUrl === "string"
            ? options.callbackUrl
            : await options.callbackUrl(request);
      const signed: WebhookRequest = {
        method: request.method,
        url: callbackUrl,
        headers: request.headers,
        body: request.body,
      };
      if ((await trelloScheme.verify(signed, secrets)) < 0) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          mismatchMessage(callbackUrl, options.callbackUrl === undefined),
        );
      }
      return parse(request);
    },
  });
}

/** After the signature check: the `action.type`, the `action.id` and the model and webhook ids. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const action = payload.action as { type?: unknown; id?: unknown } | undefined;
  if (
    typeof action !== "object" ||
    action === null ||
    typeof action.type !== "string" ||
    action.type === ""
  ) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no action.type.`);
  }
  const model = payload.model as { id?: unknown } | undefined;
  const webhook = payload.webhook as { id?: unknown } | undefined;
  return {
    type: action.type,
    id: typeof action.id === "string" ? action.id : undefined,
    payload,
    meta: {
      modelId: typeof model?.id === "string" ? model.id : undefined,
      webhookId: typeof webhook?.id === "string" ? webhook.id : undefined,
    },
  };
}

/**
 * The signature-mismatch message. When the callback URL was taken from the request, the usual cause is
 * a proxy: TLS terminated in front of the app makes the request URL `http://…` while Trello signed the
 * registered `https://…`, and a rewritten host or path changes it too. The message names both fixes.
 */
function mismatchMessage(callbackUrl: string, fromRequest: boolean): string {
  const base = `[${PACKAGE}] The signature does not match the body and callback URL "${callbackUrl}".`;
  if (!fromRequest) {
    return `${base} Check that the callbackUrl option is exactly the callbackURL registered with Trello, and the secret.`;
  }
  const tls = callbackUrl.startsWith("http:")
    ? " The request arrived over plain http: if TLS is terminated at a proxy or load balancer, pass { trustProxy: true } to the Hookwire adapter so the URL is rebuilt from X-Forwarded-Proto and X-Forwarded-Host,"
    : " If a proxy changes the URL, pass { trustProxy: true } to the Hookwire adapter (X-Forwarded-Proto and X-Forwarded-Host),";
  return `${base}${tls} or set the callbackUrl option to the callbackURL registered with Trello.`;
}
