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
  type SecretInput,
  secretResolver,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { StandardWebhooksEvents } from "./events.js";
import { standardWebhooksSchemeWith } from "./scheme.js";
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
  const scheme = standardWebhooksSchemeWith({
    ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    now,
  });
  const secretsOf = options.secret === undefined ? undefined : secretResolver(options.secret, PACKAGE);
  return defineReceiver<E, string>({
    provider: options.provider ?? "standard-webhooks",
    packageName: PACKAGE,
    now,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    verify(request) {
      if (publicKeys.length > 0) return withPublicKeys(request);
      // v1 only: the scheme verifies, synchronously on Node for a static secret.
      const found = secretsOf!(request);
      return Array.isArray(found)
        ? hmacOnly(request, found)
        : found.then((secrets) => hmacOnly(request, secrets));
    },
  });

  function refuse(): never {
    throw new WebhookError(
      "SIGNATURE_INVALID",
      `[${PACKAGE}] No signature matches the message under the configured keys.`,
    );
  }

  function hmacOnly(
    request: WebhookRequest,
    secrets: readonly string[],
  ): VerifiedParts | Promise<VerifiedParts> {
    const matched = scheme.verify(request, secrets);
    if (typeof matched !== "number") return matched.then((index) => (index < 0 ? refuse() : parse(request)));
    return matched < 0 ? refuse() : parse(request);
  }

  /** `v1a` public keys configured: either a `v1` signature under a secret or a `v1a` one under a key. */
  async function withPublicKeys(request: WebhookRequest): Promise<VerifiedParts> {
    const signatureHeader = header(request, "signature");
    if (signatureHeader === null || signatureHeader.trim() === "") {
      throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The webhook-signature header is missing.`);
    }
    const id = header(request, "id");
    if (id === null || id.trim() === "") {
      throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The webhook-id header is missing.`);
    }
    const timestamp = parseTimestampSeconds(header(request, "timestamp"), "webhook-timestamp", PACKAGE);
    let hasV1 = false;
    const v1a: Uint8Array[] = [];
    for (const part of signatureHeader.split(" ")) {
      const comma = part.indexOf(",");
      if (comma <= 0) continue;
      const version = part.slice(0, comma);
      const value = part.slice(comma + 1);
      if (version === "v1") {
        if (BASE64.test(value)) hasV1 = true;
      } else if (version === "v1a") {
        const decoded = fromBase64(value);
        if (decoded) v1a.push(decoded);
      }
    }
    if (!hasV1 && v1a.length === 0) {
      throw new WebhookError(
        "SIGNATURE_INVALID",
        `[${PACKAGE}] The webhook-signature header has no v1 or v1a signature.`,
      );
    }
    if (hasV1 && secretsOf !== undefined && (await scheme.verify(request, await secretsOf(request))) >= 0) {
      return parse(request);
    }
    const content = signedContent(id, timestamp, request.body);
    let verified = false;
    for (const key of publicKeys) {
      for (const candidate of v1a) if (await ed25519Verify(key, candidate, content)) verified = true;
    }
    if (!verified) refuse();
    // checked after the signature, as the scheme does, so a forged timestamp is never "expired"
    assertTimestamp(timestamp, { toleranceSeconds: options.toleranceSeconds, now, packageName: PACKAGE });
    return parse(request);
  }

  /** After the signature (and timestamp) check: the media type, the event. */
  function parse(request: WebhookRequest): VerifiedParts {
    assertMediaType(request, ["application/json"], PACKAGE);
    const payload = parseJson<unknown>(request.body, PACKAGE);
    const type =
      typeof payload === "object" &&
      payload !== null &&
      typeof (payload as { type?: unknown }).type === "string"
        ? (payload as { type: string }).type
        : "message";
    return {
      type,
      id: header(request, "id")!,
      payload,
      meta: { timestamp: Number(header(request, "timestamp")) },
    };
  }
}
