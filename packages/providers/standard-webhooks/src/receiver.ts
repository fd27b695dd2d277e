import {
  assertMediaType,
  assertTimestamp,
  type Clock,
  defineReceiver,
  type EventMap,
  ed25519Verify,
  fromBase64,
  parseJson,
  parseTimestampSeconds,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  type VerifiedParts,
  verifyHmac,
  verifyHmacNow,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { StandardWebhooksEvents } from "./events.js";
import { publicKeyBytes, secretKey } from "./secret.js";
import { signedContent } from "./sign.js";

const PACKAGE = "@hookwire/standard-webhooks";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Options of {@link standardWebhooks}. */
export interface StandardWebhooksOptions {
  /** `whsec_…` secret(s) for `v1` (HMAC-SHA256) signatures; a function looks it up per request. */
  secret?: SecretInput;
  /** `whpk_…` public key(s) for `v1a` (Ed25519) signatures. */
  publicKey?: string | readonly string[];
  /** Seconds the signed timestamp may differ from now, in either direction (default 300). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
  /** The provider name events carry (default `standard-webhooks`; e.g. `clerk`, `resend`). */
  provider?: string;
}

/** The Standard Webhooks receiver type. */
export type StandardWebhooksReceiver<E extends EventMap = StandardWebhooksEvents> = Receiver<E, string>;

function header(request: { headers: Pick<Headers, "get"> }, name: string): string | null {
  return request.headers.get(`webhook-${name}`) ?? request.headers.get(`svix-${name}`);
}

/**
 * A receiver for Standard Webhooks — the signature scheme of Svix and of every provider built on it
 * (Clerk, Resend, Liveblocks, …) and of Hookwire's own sender.
 *
 * Reads `webhook-id`, `webhook-timestamp`, `webhook-signature` (or the `svix-*` names), checks the
 * timestamp within the tolerance in both directions, and accepts the request when any signature in
 * the header verifies: `v1,<base64 HMAC-SHA256>` under any `whsec_` secret, or `v1a,<base64 Ed25519>`
 * under any `whpk_` public key, over `${id}.${timestamp}.${body}`. The type is the body's `type`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { standardWebhooks } from "@hookwire/standard-webhooks";
 *
 * type Events = { "user.created": { type: "user.created"; data: { id: string } } };
 * const hooks = createWebhooks({ receivers: { clerk: standardWebhooks<Events>({ secret: process.env.CLERK_WEBHOOK_SECRET! }) } });
 * hooks.on("clerk", "user.created", (event) => console.log(event.payload.data.id));
 * ```
 */
export function standardWebhooks<E extends EventMap = StandardWebhooksEvents>(
  options: StandardWebhooksOptions,
): StandardWebhooksReceiver<E> {
  const publicKeys = (
    typeof options?.publicKey === "string" ? [options.publicKey] : (options?.publicKey ?? [])
  ).map(publicKeyBytes);
  if (options?.secret === undefined && publicKeys.length === 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Neither a secret nor a public key is configured. Pass { secret: "whsec_…" } (or { publicKey: "whpk_…" } for v1a).`,
    );
  }
  // A secret given as text is checked now, so a mistyped one fails at startup rather than on the
  // first delivery (a function's secrets are checked when it returns them).
  if (typeof options.secret === "string" || Array.isArray(options.secret)) {
    const secrets: readonly string[] = typeof options.secret === "string" ? [options.secret] : options.secret;
    if (secrets.length === 0) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The secret list is empty. Pass at least one "whsec_…" secret.`,
      );
    }
    for (const secret of secrets) secretKey(secret);
  }
  const now = options.now ?? Date.now;
  const keyCache = new Map<string, Uint8Array>();
  const keyOf = (secret: string): Uint8Array => {
    let key = keyCache.get(secret);
    if (!key) {
      key = secretKey(secret);
      if (keyCache.size > 64) keyCache.clear();
      keyCache.set(secret, key);
    }
    return key;
  };
  // A static secret's keys, decoded once (a function's are decoded, and cached, per request).
  const staticKeys =
    typeof options.secret === "string" || Array.isArray(options.secret)
      ? (typeof options.secret === "string" ? [options.secret] : [...options.secret]).map(keyOf)
      : undefined;
  return defineReceiver<E, string>({
    provider: options.provider ?? "standard-webhooks",
    packageName: PACKAGE,
    now,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    verify(request) {
      const id = header(request, "id");
      const signatureHeader = header(request, "signature");
      if (signatureHeader === null || signatureHeader.trim() === "") {
        throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The webhook-signature header is missing.`);
      }
      if (id === null || id.trim() === "") {
        throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The webhook-id header is missing.`);
      }
      const timestamp = parseTimestampSeconds(header(request, "timestamp"), "webhook-timestamp", PACKAGE);
      const prefix = `${id}.${timestamp}.`;

      const v1: string[] = [];
      const v1a: Uint8Array[] = [];
      for (const part of signatureHeader.split(" ")) {
        const comma = part.indexOf(",");
        if (comma <= 0) continue;
        const version = part.slice(0, comma);
        const value = part.slice(comma + 1);
        if (version === "v1") {
          if (BASE64.test(value)) v1.push(value);
        } else if (version === "v1a") {
          const decoded = fromBase64(value);
          if (decoded) v1a.push(decoded);
        }
      }
      if (v1.length === 0 && v1a.length === 0) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The webhook-signature header has no v1 or v1a signature.`,
        );
      }
      if (v1.length > 0 && staticKeys !== undefined) {
        // A static secret on Node: checked synchronously, no promise step before the answer.
        const matched = verifyHmacNow("SHA-256", staticKeys, [prefix, request.body], v1, "base64");
        if (typeof matched === "number") {
          if (matched >= 0) return finish(request, id, timestamp);
          return publicKeys.length > 0 && v1a.length > 0
            ? asymmetric(request, id, timestamp, v1, v1a, true)
            : refuse();
        }
        return matched.then((index) =>
          index >= 0 ? finish(request, id, timestamp) : asymmetric(request, id, timestamp, v1, v1a, true),
        );
      }
      return asymmetric(request, id, timestamp, v1, v1a, false);
    },
  });

  function refuse(): never {
    throw new WebhookError(
      "SIGNATURE_INVALID",
      `[${PACKAGE}] No signature matches the message under the configured keys.`,
    );
  }

  /** A function secret, or the v1a (Ed25519) signatures: the asynchronous path. */
  async function asymmetric(
    request: WebhookRequest,
    id: string,
    timestamp: number,
    v1: readonly string[],
    v1a: readonly Uint8Array[],
    hmacDone: boolean,
  ): Promise<VerifiedParts> {
    let verified = false;
    if (!hmacDone && v1.length > 0 && options.secret !== undefined) {
      const found = resolveSecrets(options.secret, request, PACKAGE);
      const secrets = Array.isArray(found) ? found : await found;
      verified =
        (await verifyHmac(
          "SHA-256",
          secrets.map(keyOf),
          [`${id}.${timestamp}.`, request.body],
          v1,
          "base64",
        )) >= 0;
    }
    if (!verified && publicKeys.length > 0 && v1a.length > 0) {
      const content = signedContent(id, timestamp, request.body);
      for (const key of publicKeys) {
        for (const candidate of v1a) if (await ed25519Verify(key, candidate, content)) verified = true;
      }
    }
    if (!verified) refuse();
    return finish(request, id, timestamp);
  }

  /** After the signature check: the timestamp, the media type, the event. */
  function finish(request: WebhookRequest, id: string, timestamp: number): VerifiedParts {
    assertTimestamp(timestamp, { toleranceSeconds: options.toleranceSeconds, now, packageName: PACKAGE });
    assertMediaType(request, ["application/json"], PACKAGE);
    const payload = parseJson<unknown>(request.body, PACKAGE);
    const type =
      typeof payload === "object" &&
      payload !== null &&
      typeof (payload as { type?: unknown }).type === "string"
        ? (payload as { type: string }).type
        : "message";
    return { type, id, payload, meta: { timestamp } };
  }
}
