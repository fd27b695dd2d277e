import {
  defineSignedReceiver,
  digest,
  formToObject,
  mediaType,
  parseForm,
  parseJson,
  type Receiver,
  type SecretInput,
  timingSafeEqualString,
  toHex,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { TwilioEvents } from "./events.js";
import { hasBodyHash, type TwilioSchemeOptions, twilioSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/twilio";

/** The empty TwiML document: "do nothing" for a call or a message, and a fine answer to a status callback. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Options of {@link twilio}. */
export interface TwilioOptions {
  /**
   * The account's Auth Token (or a SharedKey secret); a list accepts any of them — the primary and
   * the secondary token while you rotate; a function looks it up per request (subaccounts).
   */
  authToken: SecretInput;
  /**
   * The URL as configured at Twilio, when the server sees another (behind a proxy or a tunnel): a
   * string, or a function of the request's own URL. Twilio signs the URL it requested.
   */
  url?: TwilioSchemeOptions["url"];
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Twilio receiver type. */
export type TwilioReceiver = Receiver<TwilioEvents, "twilio">;

/**
 * A receiver for Twilio webhooks: incoming calls and messages, status callbacks (calls, messages,
 * recordings, transcriptions), TaskRouter events, and JSON-body webhooks.
 *
 * Verifies `X-Twilio-Signature` — HMAC-SHA1 (HMAC-SHA256 for SharedKey webhooks) of the URL Twilio
 * requested plus the sorted POST parameters, under the Auth Token — trying the URL with and
 * without its default port and with its query normalised, as twilio-node does. A JSON body is
 * bound by the URL's `bodySHA256` (its hex SHA-256, checked after the signature). GET webhooks are
 * verified like POSTs (only the URL is signed).
 *
 * The type follows the parameters: `task.created` (TaskRouter's `EventType`),
 * `recording.completed`, `transcription.completed`, `message.received` / `message.delivered`
 * (`MessageStatus` or `SmsStatus`), `call.ringing` / `call.completed` (`CallStatus`), otherwise
 * `request`. The id is the `I-Twilio-Idempotency-Token` header. Without a handler's answer Twilio
 * gets empty TwiML (`<Response></Response>`); it waits 15 s (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { twilio } from "@hookwire/twilio";
 *
 * const hooks = createWebhooks({
 *   receivers: { twilio: twilio({ authToken: process.env.TWILIO_AUTH_TOKEN!, url: (u) => u.replace("http://localhost:3000", "https://example.com") }) },
 * });
 * hooks.on("twilio", "message.received", (event) =>
 *   new Response(`<Response><Message>You said: ${event.payload.Body}</Message></Response>`, { headers: { "content-type": "text/xml" } }),
 * );
 * ```
 */
export function twilio(options: TwilioOptions): TwilioReceiver {
  const urlOption = options?.url;
  const urlOf = (url: string): string =>
    urlOption === undefined ? url : typeof urlOption === "string" ? urlOption : urlOption(url);
  return defineSignedReceiver<TwilioEvents, "twilio">({
    provider: "twilio",
    packageName: PACKAGE,
    secret: options?.authToken,
    secretOption: "authToken",
    scheme: twilioSchemeWith(urlOption === undefined ? {} : { url: urlOption }),
    methods: ["GET"],
    deadlineMs: 15_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    mismatch: `[${PACKAGE}] The X-Twilio-Signature does not match the URL and parameters under the Auth Token. Check that the URL is the one configured at Twilio (see the url option).`,
    parse: (request) => parse(request, urlOf(request.url)),
    respond: () =>
      new Response(EMPTY_TWIML, { status: 200, headers: { "content-type": "text/xml; charset=utf-8" } }),
  });
}

/** The parameters of a request: the query of a GET, the form of a POST. */
function paramsOf(request: WebhookRequest, url: string): Record<string, string> {
  if (request.method === "GET") {
    const q = url.indexOf("?");
    return formToObject(parseForm(q === -1 ? "" : url.slice(q + 1)));
  }
  const type = mediaType(request);
  if (type !== "application/x-www-form-urlencoded" && type !== "") {
    throw new WebhookError(
      "UNSUPPORTED_MEDIA_TYPE",
      `[${PACKAGE}] Content-Type "${type}" without bodySHA256 in the URL is not a Twilio webhook.`,
    );
  }
  return formToObject(parseForm(request.body));
}

/** The Hookwire type of a request's parameters. */
function typeOf(params: Record<string, unknown>): string {
  const text = (key: string): string | undefined => {
    const value = params[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const eventType = text("EventType");
  if (eventType) return eventType;
  const recording = text("RecordingStatus");
  if (recording) return `recording.${recording}`;
  const transcription = text("TranscriptionStatus");
  if (transcription) return `transcription.${transcription}`;
  const message = text("MessageStatus") ?? text("SmsStatus");
  if (message) return `message.${message}`;
  const call = text("CallStatus");
  if (call) return `call.${call}`;
  return "request";
}

/** After the signature check: the body hash of a JSON request, the parameters, the type and the id. */
async function parse(request: WebhookRequest, url: string): Promise<VerifiedParts> {
  const id = request.headers.get("i-twilio-idempotency-token") ?? undefined;
  if (request.method !== "GET" && hasBodyHash(url)) {
    const expected = URL.canParse(url) ? new URL(url).searchParams.get("bodySHA256") : null;
    const actual = toHex(await digest("SHA-256", request.body));
    if (expected === null || !timingSafeEqualString(actual, expected.toLowerCase())) {
      throw new WebhookError(
        "SIGNATURE_INVALID",
        `[${PACKAGE}] The body does not match the URL's bodySHA256.`,
      );
    }
    const payload = parseJson<unknown>(request.body, PACKAGE);
    const type =
      typeof payload === "object" && payload !== null && !Array.isArray(payload)
        ? typeOf(payload as Record<string, unknown>)
        : "request";
    return { type, id, payload };
  }
  const payload = paramsOf(request, url);
  return { type: typeOf(payload), id, payload };
}
