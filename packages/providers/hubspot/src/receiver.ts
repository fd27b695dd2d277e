import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  parseJson,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { HubSpotEvents, HubSpotWebhookEvent } from "./events.js";
import { type HubSpotSignatureVersion, type HubSpotUrl, hubspotSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/hubspot";

/** Options of {@link hubspot}. */
export interface HubSpotOptions {
  /**
   * The app's client secret (Development → your app → Auth → Client secret). A list accepts any of
   * them (a rotated secret); a function looks it up per request.
   */
  secret: SecretInput;
  /**
   * The signature versions accepted (default `["v1", "v2", "v3"]`). v1 covers only the body and
   * no timestamp: accept `["v3"]` alone when every request you receive carries v3.
   */
  versions?: readonly HubSpotSignatureVersion[];
  /**
   * The URL HubSpot sends to, exactly as configured (v2 and v3 sign it). Default: the URL the
   * request arrived at, which differs behind a proxy or a tunnel.
   */
  url?: HubSpotUrl;
  /** v3: allowed distance between `X-HubSpot-Request-Timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The HubSpot receiver type. */
export type HubSpotReceiver = Receiver<HubSpotEvents, "hubspot">;

/**
 * A receiver for HubSpot: Webhooks API subscriptions, workflow webhooks and other signed requests.
 *
 * Verifies `X-HubSpot-Signature-v3` (base64 HMAC-SHA256 of method + URI + raw body + timestamp,
 * within 5 minutes) when present, else `X-HubSpot-Signature` v2 (SHA-256 of client secret + method
 * + URL + body) or v1 (SHA-256 of client secret + body), against every configured client secret.
 * A Webhooks API batch (a JSON array) is the `events` event, with one idempotency key per item
 * (`eventId`); any other JSON body is `request`. HubSpot waits 5 s for an answer (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { hubspot } from "@hookwire/hubspot";
 *
 * const hooks = createWebhooks({
 *   receivers: { hubspot: hubspot({ secret: process.env.HUBSPOT_CLIENT_SECRET!, url: "https://app.example.com/webhooks/hubspot" }) },
 * });
 * hooks.on("hubspot", "events", async (event) => {
 *   for (const change of event.payload) console.log(change.subscriptionType, change.objectId);
 * });
 * ```
 */
export function hubspot(options: HubSpotOptions): HubSpotReceiver {
  const versions = options?.versions;
  if (
    versions !== undefined &&
    (versions.length === 0 || versions.some((v) => !["v1", "v2", "v3"].includes(v)))
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] versions must list "v1", "v2" and/or "v3".`,
    );
  }
  return defineSignedReceiver<HubSpotEvents, "hubspot">({
    provider: "hubspot",
    packageName: PACKAGE,
    deadlineMs: 5000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme: hubspotSchemeWith({
      ...(versions === undefined ? {} : { versions }),
      ...(options?.url === undefined ? {} : { url: options.url }),
      ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    parse,
    narrow(event, fresh) {
      const keep = new Set(fresh);
      return {
        ...event,
        payload: (event.payload as HubSpotWebhookEvent[]).filter((item) => keep.has(String(item.eventId))),
      };
    },
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json", ""], PACKAGE);
  const body = parseJson<unknown>(request.body, PACKAGE);
  if (Array.isArray(body)) {
    const keys: string[] = [];
    for (const item of body) {
      const type = (item as { subscriptionType?: unknown } | null)?.subscriptionType;
      if (typeof item !== "object" || item === null || typeof type !== "string" || type === "") {
        throw new WebhookError(
          "PAYLOAD_INVALID",
          `[${PACKAGE}] An event of the batch has no "subscriptionType".`,
        );
      }
      const id = (item as { eventId?: unknown }).eventId;
      if ((typeof id === "number" && Number.isFinite(id)) || (typeof id === "string" && id !== ""))
        keys.push(String(id));
    }
    return {
      type: "events",
      payload: body,
      meta: { signatureVersion: versionOf(request) },
      // every item names its own occurrence; the batch as a whole has no id
      ...(keys.length === body.length && keys.length > 0 ? { idempotencyKeys: keys } : {}),
    };
  }
  if (typeof body !== "object" || body === null) {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The body is neither an event batch nor a JSON object.`,
    );
  }
  return { type: "request", payload: body, meta: { signatureVersion: versionOf(request) } };
}

function versionOf(request: WebhookRequest): string {
  if (request.headers.get("x-hubspot-signature-v3")) return "v3";
  return (request.headers.get("x-hubspot-signature-version") ?? "v1").trim().toLowerCase();
}
