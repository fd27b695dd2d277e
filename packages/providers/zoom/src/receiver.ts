import {
  assertMediaType,
  type Clock,
  defineSignedReceiver,
  hmac,
  jsonResponse,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  secretResolver,
  toHex,
  utf8Decode,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { ZoomEvents } from "./events.js";
import { zoomSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/zoom";
const URL_VALIDATION = "endpoint.url_validation";

/** Options of {@link zoom}. */
export interface ZoomOptions {
  /**
   * The app's Secret Token (Marketplace → your app → Features → Access → Secret Token). A list
   * accepts any of them (rotation); a function looks it up per request.
   */
  secret: SecretInput;
  /**
   * Allowed distance between `x-zm-request-timestamp` and now, in seconds (default 300). Zoom sets
   * no window of its own; five minutes is the usual choice for `v0:` signatures.
   */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Zoom receiver type. */
export type ZoomReceiver = Receiver<ZoomEvents, "zoom">;

/** `{ plainToken, encryptedToken }`: the answer to `endpoint.url_validation` under `secret`. */
export async function zoomUrlValidationAnswer(
  plainToken: string,
  secret: string,
): Promise<{ plainToken: string; encryptedToken: string }> {
  return { plainToken, encryptedToken: toHex(await hmac("SHA-256", secret, plainToken)) };
}

function plainTokenOf(payload: Record<string, unknown>): string {
  const inner = payload.payload as { plainToken?: unknown } | null | undefined;
  const token = typeof inner === "object" && inner !== null ? inner.plainToken : undefined;
  if (typeof token !== "string" || token === "") {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The endpoint.url_validation body has no payload.plainToken.`,
    );
  }
  return token;
}

/**
 * A receiver for Zoom event notifications (meetings, webinars, recordings, users, app events).
 *
 * Verifies `x-zm-signature` (`v0=` + hex HMAC-SHA256 of `v0:<x-zm-request-timestamp>:<raw body>`)
 * against every configured Secret Token, then the timestamp (300 s by default). Answers Zoom's
 * `endpoint.url_validation` challenge — after checking its signature — with
 * `{ plainToken, encryptedToken }` (the hex HMAC-SHA256 of `plainToken` under the token that
 * matched), without running handlers. Events are named by the body's `event` field
 * (`meeting.started`). Zoom sends no delivery id, so `event.id` is undefined. Zoom expects an answer
 * within 3 s (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { zoom } from "@hookwire/zoom";
 *
 * const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: process.env.ZOOM_SECRET_TOKEN! }) } });
 * hooks.on("zoom", "meeting.started", async (event) => {
 *   console.log(event.payload.payload.object.topic);
 * });
 * ```
 */
export function zoom(options: ZoomOptions): ZoomReceiver {
  const scheme = zoomSchemeWith({
    ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
    ...(options?.now === undefined ? {} : { now: options.now }),
  });
  const secretsOf = secretResolver(options?.secret, PACKAGE);

  /** The url_validation answer of an authentic request (verified here, before anything is signed). */
  async function answer(request: WebhookRequest, payload: Record<string, unknown>): Promise<Response> {
    const plainToken = plainTokenOf(payload);
    const secrets = await secretsOf(request);
    const matched = await scheme.verify(request, secrets);
    if (matched < 0) {
      throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
    }
    return jsonResponse(await zoomUrlValidationAnswer(plainToken, secrets[matched]!), 200);
  }

  return defineSignedReceiver<ZoomEvents, "zoom">({
    provider: "zoom",
    packageName: PACKAGE,
    deadlineMs: 3000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options?.now === undefined ? {} : { now: options.now }),
    secret: options?.secret,
    scheme,
    handshake(request) {
      if (request.method !== "POST" || !utf8Decode(request.body).includes(URL_VALIDATION)) return undefined;
      let payload: Record<string, unknown>;
      try {
        payload = parseJsonObject(request.body, PACKAGE);
      } catch {
        return undefined; // not a challenge: verify refuses it with its own error
      }
      return payload.event === URL_VALIDATION ? answer(request, payload) : undefined;
    },
    parse,
    respond(event) {
      // Reached only when verify() ran outside the router's handshake step.
      const reply = event.meta.urlValidation;
      return reply === undefined ? undefined : jsonResponse(reply, 200);
    },
  });

  async function validation(payload: Record<string, unknown>, request: WebhookRequest, matched: number) {
    const secrets = await secretsOf(request);
    return {
      type: URL_VALIDATION,
      payload,
      meta: { urlValidation: await zoomUrlValidationAnswer(plainTokenOf(payload), secrets[matched]!) },
    };
  }

  function parse(request: WebhookRequest, matched: number): VerifiedParts | Promise<VerifiedParts> {
    assertMediaType(request, ["application/json", ""], PACKAGE);
    const payload = parseJsonObject(request.body, PACKAGE);
    const name = payload.event;
    if (typeof name !== "string" || name === "") {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "event" field.`);
    }
    if (name === URL_VALIDATION) return validation(payload, request, matched);
    return { type: name, payload };
  }
}
