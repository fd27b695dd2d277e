import {
  type Clock,
  concatBytes,
  digest,
  hmacScheme,
  type SignatureScheme,
  timingSafeEqualString,
  toHex,
  utf8,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";

const PACKAGE = "@hookwire/hubspot";

/** HubSpot's signature versions. */
export type HubSpotSignatureVersion = "v1" | "v2" | "v3";

/** The URL HubSpot sent to: the one configured in the app, or a function of the request. */
export type HubSpotUrl = string | ((request: WebhookRequest) => string);

/** Settings of {@link hubspotSchemeWith}. */
export interface HubSpotSchemeOptions {
  /** The versions accepted (default all three; a request carrying v3 is checked as v3). */
  versions?: readonly HubSpotSignatureVersion[];
  /** The URL HubSpot signs (v2, v3); default the URL the request arrived at. */
  url?: HubSpotUrl;
  /** v3: allowed distance between `X-HubSpot-Request-Timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
}

const ENCODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/**
 * The URI as HubSpot signs it in v3: the characters HubSpot's documentation lists
 * (`: / ? @ ! $ ' ( ) * , ;`) decoded from their percent-encoding, everything else as sent.
 */
export function hubspotV3Uri(url: string): string {
  return url.replace(ENCODED, (encoded) => String.fromCharCode(Number.parseInt(encoded.slice(1), 16)));
}

const v3Mac = (options: HubSpotSchemeOptions): SignatureScheme =>
  hmacScheme({
    packageName: PACKAGE,
    algorithm: "SHA-256",
    encoding: "base64",
    header: "X-HubSpot-Signature-v3",
    timestamp: {
      header: "X-HubSpot-Request-Timestamp",
      unit: "ms",
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    content: ({ method, url, body, timestamp }) => [
      utf8(`${method}${hubspotV3Uri(url)}`),
      body,
      utf8(timestamp),
    ],
  });

/** v1: hex SHA-256 of secret + body; v2: of secret + method + URL + body (not HMACs). */
async function legacyDigest(
  version: "v1" | "v2",
  secret: string,
  method: string,
  url: string | undefined,
  body: Uint8Array,
): Promise<string> {
  const prefix = version === "v1" ? secret : `${secret}${method}${url}`;
  return toHex(await digest("SHA-256", concatBytes(prefix, body)));
}

/**
 * HubSpot's request signatures:
 * - v3: `X-HubSpot-Signature-v3: <base64 HMAC-SHA256 of method + URI + raw body + timestamp>` with
 *   `X-HubSpot-Request-Timestamp` in milliseconds, refused after 5 minutes;
 * - v2: `X-HubSpot-Signature: <hex SHA-256 of client secret + method + URL + raw body>`;
 * - v1: `X-HubSpot-Signature: <hex SHA-256 of client secret + raw body>`,
 *   with `X-HubSpot-Signature-Version` saying which of the two.
 *
 * @example
 * ```ts
 * const scheme = hubspotSchemeWith({ versions: ["v3"], url: "https://example.com/webhooks/hubspot" });
 * ```
 */
export function hubspotSchemeWith(options: HubSpotSchemeOptions = {}): SignatureScheme {
  const versions = new Set(options.versions ?? ["v1", "v2", "v3"]);
  const mac = v3Mac(options);
  const urlOf = (request: WebhookRequest): string =>
    options.url === undefined
      ? request.url
      : typeof options.url === "function"
        ? options.url(request)
        : options.url;
  return {
    verify(request, secrets) {
      const url = urlOf(request);
      if (versions.has("v3") && request.headers.get("x-hubspot-signature-v3")?.trim()) {
        return mac.verify({ ...request, url }, secrets);
      }
      const signature = request.headers.get("x-hubspot-signature")?.trim();
      const version = (request.headers.get("x-hubspot-signature-version")?.trim() || "v1").toLowerCase();
      if (!signature || (version !== "v1" && version !== "v2") || !versions.has(version)) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] No signature of an accepted version (${[...versions].join(", ")}): X-HubSpot-Signature-v3, or X-HubSpot-Signature with X-HubSpot-Signature-Version.`,
        );
      }
      return (async () => {
        let matched = -1;
        for (let i = 0; i < secrets.length; i++) {
          const expected = await legacyDigest(version, secrets[i]!, request.method, url, request.body);
          if (timingSafeEqualString(signature.toLowerCase(), expected) && matched < 0) matched = i;
        }
        return matched;
      })();
    },
    async sign(input) {
      const url = input.url ?? (typeof options.url === "string" ? options.url : undefined);
      const version = [...versions].includes("v3") ? "v3" : [...versions].at(-1)!;
      if (url === undefined && version !== "v1") {
        // v2 and v3 sign the URL: an empty one gives a signature no receiver of the real URL accepts
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[${PACKAGE}] Signing ${version} needs the URL HubSpot sends to: pass { url } (or a url string to hubspotSchemeWith).`,
        );
      }
      if (version === "v3") return mac.sign({ ...input, url: url! });
      const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
      const signature = await legacyDigest(
        version as "v1" | "v2",
        secret,
        input.method ?? "POST",
        url,
        input.body,
      );
      return { headers: { "X-HubSpot-Signature": signature, "X-HubSpot-Signature-Version": version } };
    },
  };
}

/**
 * HubSpot's signatures, all versions accepted, over the URL the request arrived at; signs v3.
 * `hubspotTestRequest` and the CLI sign with it.
 *
 * @example
 * ```ts
 * const { headers } = await hubspotScheme.sign({ body, secret: "client-secret", url: "https://example.com/webhooks/hubspot" });
 * headers["X-HubSpot-Signature-v3"]; // base64
 * ```
 */
export const hubspotScheme: SignatureScheme = hubspotSchemeWith();
