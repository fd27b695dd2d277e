import {
  assertMediaType,
  assertSecretOption,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  type SignatureScheme,
  timingSafeEqualString,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { InstagramEvents } from "./events.js";
import { instagramScheme, instagramSha1Scheme } from "./scheme.js";

const PACKAGE = "@hookwire/instagram";

/** Options of {@link instagram} (and {@link meta}). */
export interface InstagramOptions {
  /** The App Secret (App Dashboard → Settings → Basic); a list accepts any (rotation); a function looks it up per request. */
  appSecret: SecretInput;
  /** The Verify Token you typed in the webhook settings, answered in the GET handshake (a list or a function too). */
  verifyToken: SecretInput;
  /**
   * Also accept the legacy `X-Hub-Signature` (HMAC-SHA1, `sha1=<hex>`, or the bare hex ASP.NET
   * WebHooks' Instagram receiver read) when `X-Hub-Signature-256` is absent (off by default).
   */
  legacySha1?: boolean;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Instagram / Meta receiver type. */
export type InstagramReceiver = Receiver<InstagramEvents, "instagram">;

async function list(input: SecretInput, request: WebhookRequest, option: string): Promise<string[]> {
  const found = resolveSecrets(input, request, PACKAGE, option);
  return Array.isArray(found) ? found : await found;
}

function eventType(payload: Record<string, unknown>): { type: string; fields: string[] } {
  const object = payload.object;
  if (typeof object !== "string" || object === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "object".`);
  }
  if (!Array.isArray(payload.entry)) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "entry" list.`);
  }
  const fields = new Set<string>();
  for (const entry of payload.entry as unknown[]) {
    if (typeof entry !== "object" || entry === null) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] An entry is not an object.`);
    }
    const { changes, messaging } = entry as { changes?: unknown; messaging?: unknown };
    if (Array.isArray(changes)) {
      for (const change of changes) {
        const field = (change as { field?: unknown } | null)?.field;
        if (typeof field === "string" && field !== "") fields.add(field);
      }
    }
    if (Array.isArray(messaging)) fields.add("messaging");
  }
  const all = [...fields];
  return { type: all.length === 1 ? `${object}.${all[0]}` : object, fields: all };
}

/**
 * A receiver for Instagram and other Meta webhooks (Facebook Pages, Messenger, WhatsApp Cloud API).
 *
 * Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the App Secret>`
 * (legacy `X-Hub-Signature` SHA-1 as an option), answers the GET verification request
 * (`hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`) by echoing the challenge when the token
 * matches, and names events `<object>.<field>` (`instagram.comments`, `whatsapp_business_account.messages`,
 * `page.messaging`) — or `<object>` when one delivery batches several fields.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { instagram } from "@hookwire/instagram";
 *
 * const hooks = createWebhooks({
 *   receivers: { instagram: instagram({ appSecret: process.env.META_APP_SECRET!, verifyToken: process.env.META_VERIFY_TOKEN! }) },
 * });
 * hooks.on("instagram", "instagram.comments", async (event) => {
 *   for (const entry of event.payload.entry) for (const c of entry.changes ?? []) console.log(c.value.text);
 * });
 * ```
 */
export function instagram(options: InstagramOptions): InstagramReceiver {
  assertSecretOption(options?.appSecret, PACKAGE, "appSecret");
  assertSecretOption(options?.verifyToken, PACKAGE, "verifyToken");
  const scheme: SignatureScheme = options.legacySha1
    ? {
        verify: (request, secrets) =>
          (request.headers.get("x-hub-signature-256") === null &&
          request.headers.get("x-hub-signature") !== null
            ? instagramSha1Scheme
            : instagramScheme
          ).verify(request, secrets),
        sign: (input) => instagramScheme.sign(input),
      }
    : instagramScheme;
  return defineSignedReceiver<InstagramEvents, "instagram">({
    provider: "instagram",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options.appSecret,
    secretOption: "appSecret",
    scheme,
    parse,
    handshakeMethods: ["GET"],
    async handshake(request) {
      if (request.method !== "GET") return undefined;
      let query: URLSearchParams;
      try {
        query = new URL(request.url).searchParams;
      } catch {
        return undefined;
      }
      const mode = query.get("hub.mode");
      if (mode === null) return undefined;
      const token = query.get("hub.verify_token") ?? "";
      const challenge = query.get("hub.challenge");
      const tokens = await list(options.verifyToken, request, "verifyToken");
      let matched = false;
      for (const expected of tokens) matched = timingSafeEqualString(token, expected) || matched;
      if (mode !== "subscribe" || !matched || challenge === null) {
        throw new WebhookError(
          "HANDSHAKE_FAILED",
          `[${PACKAGE}] The verification request was refused: ${mode !== "subscribe" ? "hub.mode is not subscribe" : !matched ? "hub.verify_token does not match" : "hub.challenge is missing"}.`,
        );
      }
      return new Response(challenge, {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
      });
    },
  });
}

/** After the signature check: `<object>.<field>` (or `<object>` for a mixed batch) and the fields. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const { type, fields } = eventType(payload);
  return { type, id: undefined, payload, meta: { object: payload.object, fields } };
}

/**
 * The same factory as {@link instagram}, for Facebook Pages, Messenger and WhatsApp webhooks.
 *
 * @example
 * ```ts
 * const receiver = meta({ appSecret: process.env.META_APP_SECRET!, verifyToken: process.env.META_VERIFY_TOKEN! });
 * ```
 */
export const meta: typeof instagram = instagram;
