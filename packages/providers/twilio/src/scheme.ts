import {
  type HeaderReader,
  type HmacAlgorithm,
  hmacScheme,
  mediaType,
  parseForm,
  type SignatureScheme,
  type SignedContent,
  WebhookError,
} from "@hookwire/core";
import { twilioUrlVariants } from "./url.js";

const PACKAGE = "@hookwire/twilio";

/** The signature header. */
export const TWILIO_SIGNATURE_HEADER = "X-Twilio-Signature";
/** The header naming the signing algorithm of SharedKey webhooks (`…,algorithm=HMAC_SHA256`). */
export const TWILIO_SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings";

/** Whether the URL carries `bodySHA256` (Twilio's JSON-body webhooks): then no parameters are signed. */
export function hasBodyHash(url: string): boolean {
  const q = url.indexOf("?");
  return q !== -1 && /(?:^|&)bodySHA256=/.test(url.slice(q + 1));
}

/** The form parameters Twilio signs, by key: a repeated key's values de-duplicated and sorted. */
function sortedParams(body: Uint8Array): string {
  const params = parseForm(body);
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  let out = "";
  for (const key of [...byKey.keys()].sort()) {
    const values = byKey.get(key)!;
    for (const value of values.length === 1 ? values : [...new Set(values)].sort()) out += key + value;
  }
  return out;
}

/** Whether the body is signed as POST parameters: a form body that is not a `bodySHA256` request. */
function signsParams(parts: { url: string; method: string; headers: HeaderReader | null }): boolean {
  if (parts.method === "GET" || hasBodyHash(parts.url)) return false;
  if (parts.headers === null) return true;
  const type = mediaType({ headers: parts.headers } as Parameters<typeof mediaType>[0]);
  return type === "application/x-www-form-urlencoded" || type === "";
}

/** What Twilio signs: the URL, then each POST parameter's key and value, sorted by key. */
function content(parts: SignedContent): string {
  return signsParams(parts) ? parts.url + sortedParams(parts.body) : parts.url;
}

const schemes: Record<"SHA-1" | "SHA-256", SignatureScheme> = {
  "SHA-1": hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-1",
    encoding: "base64",
    header: TWILIO_SIGNATURE_HEADER,
    content,
  }),
  "SHA-256": hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "base64",
    header: TWILIO_SIGNATURE_HEADER,
    content,
  }),
};

/** The algorithm `X-Twilio-Webhooks-Signature-Settings` names (HMAC-SHA1 when absent). */
function algorithmOf(settings: string | null): "SHA-1" | "SHA-256" {
  for (const part of (settings ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== "algorithm") continue;
    const name = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (name === "" || name === "HMAC_SHA1") return "SHA-1";
    if (name === "HMAC_SHA256") return "SHA-256";
    throw new WebhookError(
      "SIGNATURE_INVALID",
      `[${PACKAGE}] The ${TWILIO_SIGNATURE_SETTINGS_HEADER} header names an unsupported algorithm "${name}".`,
    );
  }
  return "SHA-1";
}

/** Options of {@link twilioSchemeWith}. */
export interface TwilioSchemeOptions {
  /**
   * The URL Twilio requested, as configured at Twilio (behind a proxy, `request.url` is not it): a
   * string, or a function of the request's own URL. Default: the request's URL.
   */
  url?: string | ((requestUrl: string) => string);
  /** The algorithm `sign` uses (default SHA-1, the Auth Token signature). */
  algorithm?: Extract<HmacAlgorithm, "SHA-1" | "SHA-256">;
}

/**
 * Twilio's scheme with options; see {@link twilioScheme}.
 *
 * @example
 * ```ts
 * const scheme = twilioSchemeWith({ url: "https://example.com/twilio/sms" });
 * ```
 */
export function twilioSchemeWith(options: TwilioSchemeOptions = {}): SignatureScheme {
  const urlOf = (url: string): string =>
    options.url === undefined ? url : typeof options.url === "string" ? options.url : options.url(url);
  return {
    verify(request, secrets) {
      const scheme = schemes[algorithmOf(request.headers.get(TWILIO_SIGNATURE_SETTINGS_HEADER))];
      const variants = twilioUrlVariants(urlOf(request.url));
      // The variants in order, stopping at the first that matches; synchronous on Node.
      const attempt = (i: number): number | Promise<number> => {
        if (i >= variants.length) return -1;
        const matched = scheme.verify({ ...request, url: variants[i]! }, secrets);
        if (typeof matched === "number") return matched >= 0 ? matched : attempt(i + 1);
        return matched.then((index) => (index >= 0 ? index : attempt(i + 1)));
      };
      return attempt(0);
    },
    sign(input) {
      const url = input.url === undefined ? undefined : urlOf(input.url);
      return schemes[options.algorithm ?? "SHA-1"].sign({ ...input, ...(url === undefined ? {} : { url }) });
    },
  };
}

/**
 * Twilio's request signature: `X-Twilio-Signature` is the base64 HMAC-SHA1, under the account's
 * Auth Token, of the full URL Twilio requested followed by every POST parameter's key and value in
 * key order (a repeated key's values sorted); a JSON body is instead bound by the `bodySHA256`
 * query parameter, and only the URL is signed. SharedKey webhooks name HMAC-SHA256 in
 * `X-Twilio-Webhooks-Signature-Settings`. The URL is tried with and without its default port and
 * with its query normalised, as twilio-node does.
 *
 * @example
 * ```ts
 * const matched = twilioScheme.verify(request, [process.env.TWILIO_AUTH_TOKEN!]); // index, or -1
 * ```
 */
export const twilioScheme: SignatureScheme = twilioSchemeWith();
