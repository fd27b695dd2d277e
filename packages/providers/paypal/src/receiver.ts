import {
  assertMediaType,
  assertSecretOption,
  assertTimestamp,
  type Clock,
  checkTolerance,
  concatBytes,
  defineReceiver,
  fromBase64,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  rsaSha256Verify,
  type SecretInput,
  utf8,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import { type CertificateInfo, crc32 } from "./certificate.js";
import {
  PAYPAL_CERTIFICATE_SUBJECTS,
  type ParsedCertificate,
  parseCertificate,
  pemCertificates,
  validateChain,
} from "./chain.js";
import type { PayPalEvents } from "./events.js";
import { PAYPAL_DEFAULT_ROOTS } from "./roots.js";

const PACKAGE = "@hookwire/paypal";
const LIVE_API = "https://api-m.paypal.com";
const SANDBOX_API = "https://api-m.sandbox.paypal.com";

/** Options of {@link paypal}. */
export interface PayPalOptions {
  /**
   * The webhook id PayPal shows for the webhook (Developer Dashboard → your app → Webhooks). It is
   * part of the signed message. A list accepts any (several webhooks to one URL); a function looks it up per request.
   */
  webhookId: SecretInput;
  /**
   * `"offline"` (default): verify the RSA signature with PayPal's certificate from `PAYPAL-CERT-URL`.
   * `"api"`: ask PayPal's `POST /v1/notifications/verify-webhook-signature` (the scheme of the
   * PayPal SDK that ASP.NET WebHooks used), which needs `accessToken`.
   */
  mode?: "offline" | "api";
  /** The fetch used for certificates and the verify API (default the global `fetch`). */
  fetch?: typeof fetch;
  /** API mode: returns an OAuth access token for PayPal's REST API (you obtain and cache it). */
  accessToken?: (request: WebhookRequest) => string | Promise<string>;
  /** API mode: use the sandbox API (`api-m.sandbox.paypal.com`) instead of live. */
  sandbox?: boolean;
  /** How far `PAYPAL-TRANSMISSION-TIME` may be from now, in seconds (default 300; `Infinity` turns it off). */
  toleranceSeconds?: number;
  /** Clock for the tolerance and certificate validity checks (tests). */
  now?: Clock;
  /** How many certificates to keep in memory, by URL (default 16). */
  certificateCacheSize?: number;
  /**
   * Offline mode: the trust anchors (PEM; a string may hold several certificates) that PayPal's
   * signing certificate must chain to. Default {@link PAYPAL_DEFAULT_ROOTS} (DigiCert's roots).
   */
  trustedCertificates?: readonly string[];
  /**
   * Offline mode: the common names PayPal's signing certificate may have. Default
   * `messageverificationcerts.paypal.com` and `messageverificationcerts.sandbox.paypal.com`.
   */
  certificateSubjects?: readonly string[];
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The PayPal receiver type. */
export type PayPalReceiver = Receiver<PayPalEvents, "paypal">;

/**
 * True when `url` is a certificate URL PayPal would use: https, on `api.paypal.com`,
 * `api.sandbox.paypal.com` or another `*.paypal.com` host, default port, no credentials.
 *
 * @example
 * ```ts
 * isPayPalCertUrl("https://api.paypal.com/v1/notifications/certs/CERT-360caa42") // true
 * isPayPalCertUrl("https://paypal.com.evil.example/cert.pem") // false
 * ```
 */
export function isPayPalCertUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return (
    parsed.protocol === "https:" &&
    parsed.port === "" &&
    parsed.username === "" &&
    parsed.password === "" &&
    (host === "api.paypal.com" || host === "api.sandbox.paypal.com" || host.endsWith(".paypal.com"))
  );
}

/**
 * The body of a verify-webhook-signature call: the fields, then `webhook_event` as the **exact bytes
 * received** — PayPal checks its signature over those bytes' CRC-32, so a re-serialised event
 * (`1.0` → `1`, `\/` → `/`, `\u00e9` → `é`, another key order) fails for genuine deliveries. The event
 * was parsed before this is called, so the bytes are one JSON value.
 */
function verifyRequestBody(fields: Record<string, string>, event: Uint8Array): Uint8Array {
  const head = JSON.stringify(fields).slice(0, -1);
  return concatBytes(`${head},"webhook_event":`, stripBom(event), "}");
}

function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function header(request: WebhookRequest, name: string): string {
  const value = request.headers.get(name);
  if (value === null || value.trim() === "") {
    throw new WebhookError(
      "SIGNATURE_MISSING",
      `[${PACKAGE}] The ${name} header is missing; PayPal signs every webhook delivery.`,
    );
  }
  return value.trim();
}

/**
 * A receiver for PayPal webhooks (REST API webhooks).
 *
 * Verifies `PAYPAL-TRANSMISSION-SIG`: SHA256withRSA over
 * `transmissionId|transmissionTime|webhookId|crc32(rawBody)` with the public key of PayPal's
 * certificate at `PAYPAL-CERT-URL` (only `*.paypal.com` over https is fetched), after validating
 * that certificate: its subject is PayPal's signing name and it chains to a trusted root (DigiCert's
 * by default), every certificate within its validity period; validated certificates are cached by URL.
 * The transmission time must be within the tolerance. Or, with `mode: "api"`, asks PayPal's
 * verify-webhook-signature API, sending the event exactly as received. The type is the
 * body's `event_type`, the id its `id`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { paypal } from "@hookwire/paypal";
 *
 * const hooks = createWebhooks({ receivers: { paypal: paypal({ webhookId: process.env.PAYPAL_WEBHOOK_ID! }) } });
 * hooks.on("paypal", "PAYMENT.CAPTURE.COMPLETED", async (event) => {
 *   console.log(event.payload.resource.amount.value);
 * });
 * ```
 */
export function paypal(options: PayPalOptions): PayPalReceiver {
  assertSecretOption(options?.webhookId, PACKAGE, "webhookId");
  const mode = options.mode ?? "offline";
  if (mode !== "offline" && mode !== "api") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] mode must be "offline" or "api". Use { mode: "offline" } unless you want PayPal's verify API.`,
    );
  }
  if (mode === "api" && typeof options.accessToken !== "function") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] mode "api" needs an OAuth token. Pass { accessToken: async () => token } (a client-credentials token for your PayPal app).`,
    );
  }
  const now = options.now ?? Date.now;
  const tolerance = checkTolerance(options.toleranceSeconds, PACKAGE);
  const cacheSize = Math.max(1, options.certificateCacheSize ?? 16);
  const certificates = new Map<string, Promise<CertificateInfo>>();
  const subjects = (options.certificateSubjects ?? PAYPAL_CERTIFICATE_SUBJECTS).map((name) =>
    name.toLowerCase(),
  );
  let anchors: ParsedCertificate[];
  try {
    anchors = (options.trustedCertificates ?? PAYPAL_DEFAULT_ROOTS).flatMap((pem) =>
      pemCertificates(pem).map(parseCertificate),
    );
  } catch (cause) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] trustedCertificates must be PEM certificates (-----BEGIN CERTIFICATE-----).`,
      { cause },
    );
  }
  if (mode === "offline" && (anchors.length === 0 || subjects.length === 0)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Offline verification needs at least one trusted certificate and one certificate subject. Leave trustedCertificates and certificateSubjects out for PayPal's defaults.`,
    );
  }

  /** An issuer certificate named by Authority Information Access (http or https, no redirects, ≤ 64 KiB). */
  async function fetchIssuer(url: string): Promise<Uint8Array | undefined> {
    if (!/^https?:\/\//i.test(url)) return undefined;
    try {
      const response = await doFetch(url, { redirect: "error" });
      if (!response.ok) return undefined;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return bytes.byteLength > 65_536 ? undefined : bytes;
    } catch {
      return undefined;
    }
  }
  const doFetch = (input: string, init?: RequestInit): Promise<Response> =>
    (options.fetch ?? globalThis.fetch)(input, init);

  function certificate(url: string): Promise<CertificateInfo> {
    const cached = certificates.get(url);
    if (cached) {
      certificates.delete(url);
      certificates.set(url, cached);
      return cached;
    }
    const loading = (async () => {
      let response: Response;
      try {
        response = await doFetch(url, { redirect: "error" });
      } catch (cause) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] PayPal's certificate could not be fetched.`,
          {
            cause,
          },
        );
      }
      if (!response.ok) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] PayPal's certificate could not be fetched (HTTP ${response.status}).`,
        );
      }
      const [leaf, ...others] = pemCertificates(await response.text()).map(parseCertificate);
      const window = await validateChain(leaf!, others, { anchors, subjects, now: now(), fetchIssuer });
      return { spki: leaf!.spki, notBefore: window.notBefore, notAfter: window.notAfter };
    })();
    certificates.set(url, loading);
    loading.catch(() => certificates.delete(url));
    while (certificates.size > cacheSize) certificates.delete(certificates.keys().next().value as string);
    return loading;
  }

  return defineReceiver<PayPalEvents, "paypal">({
    provider: "paypal",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      const transmissionId = header(request, "paypal-transmission-id");
      const transmissionTime = header(request, "paypal-transmission-time");
      const signatureHeader = header(request, "paypal-transmission-sig");
      const certUrl = header(request, "paypal-cert-url");
      const authAlgo = header(request, "paypal-auth-algo");
      const sentAt = Date.parse(transmissionTime);
      if (Number.isNaN(sentAt)) {
        throw new WebhookError(
          "HEADER_INVALID",
          `[${PACKAGE}] The PAYPAL-TRANSMISSION-TIME header is not a date.`,
        );
      }
      assertTimestamp(sentAt / 1000, { toleranceSeconds: tolerance, now, packageName: PACKAGE });
      if (!isPayPalCertUrl(certUrl)) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] PAYPAL-CERT-URL is not a PayPal https URL; the certificate was not fetched.`,
        );
      }
      assertMediaType(request, ["application/json"], PACKAGE);
      const found = resolveSecrets(options.webhookId, request, PACKAGE, "webhookId");
      const webhookIds = Array.isArray(found) ? found : await found;

      let matched: string | undefined;
      let payload: Record<string, unknown>;
      if (mode === "offline") {
        if (authAlgo.toUpperCase() !== "SHA256WITHRSA") {
          throw new WebhookError(
            "SIGNATURE_INVALID",
            `[${PACKAGE}] PAYPAL-AUTH-ALGO "${authAlgo}" is not supported; expected SHA256withRSA.`,
          );
        }
        const signature = fromBase64(signatureHeader);
        if (!signature || signature.length === 0) {
          throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] PAYPAL-TRANSMISSION-SIG is not base64.`);
        }
        const cert = await certificate(certUrl);
        const at = now();
        if (at < cert.notBefore || at > cert.notAfter) {
          // the cached chain expired since it was validated: drop it so the next delivery refetches
          certificates.delete(certUrl);
          throw new WebhookError(
            "SIGNATURE_INVALID",
            `[${PACKAGE}] PayPal's signing certificate (or its chain) is outside its validity period.`,
          );
        }
        const checksum = crc32(request.body);
        for (const webhookId of webhookIds) {
          const message = utf8(`${transmissionId}|${transmissionTime}|${webhookId}|${checksum}`);
          let valid = false;
          try {
            valid = await rsaSha256Verify(cert.spki, signature, message);
          } catch (cause) {
            throw new WebhookError(
              "SIGNATURE_INVALID",
              `[${PACKAGE}] PayPal's certificate key is not usable.`,
              {
                cause,
              },
            );
          }
          if (valid && matched === undefined) matched = webhookId;
        }
        if (matched === undefined) {
          throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
        }
        payload = parseJsonObject(request.body, PACKAGE);
      } else {
        payload = parseJsonObject(request.body, PACKAGE);
        const token = await options.accessToken!(request);
        for (const webhookId of webhookIds) {
          if (await verifyWithApi(token, webhookId)) {
            matched = webhookId;
            break;
          }
        }
        if (matched === undefined) {
          throw new WebhookError(
            "SIGNATURE_INVALID",
            `[${PACKAGE}] PayPal's verify-webhook-signature API did not confirm this delivery.`,
          );
        }
      }

      async function verifyWithApi(token: string, webhookId: string): Promise<boolean> {
        let response: Response;
        try {
          response = await doFetch(
            `${options.sandbox ? SANDBOX_API : LIVE_API}/v1/notifications/verify-webhook-signature`,
            {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: verifyRequestBody(
                {
                  auth_algo: authAlgo,
                  cert_url: certUrl,
                  transmission_id: transmissionId,
                  transmission_sig: signatureHeader,
                  transmission_time: transmissionTime,
                  webhook_id: webhookId,
                },
                request.body,
              ) as Uint8Array<ArrayBuffer>,
            },
          );
        } catch (cause) {
          throw new WebhookError("INTERNAL_ERROR", `[${PACKAGE}] PayPal's verify API could not be reached.`, {
            cause,
          });
        }
        if (!response.ok) {
          throw new WebhookError(
            response.status === 401 ? "CONFIGURATION_INVALID" : "INTERNAL_ERROR",
            `[${PACKAGE}] PayPal's verify API answered HTTP ${response.status}.${response.status === 401 ? " Check that accessToken returns a valid token for the app that owns the webhook." : ""}`,
          );
        }
        const result = (await response.json().catch(() => ({}))) as { verification_status?: unknown };
        return result.verification_status === "SUCCESS";
      }

      if (typeof payload.event_type !== "string" || payload.event_type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no event_type.`);
      }
      return {
        type: payload.event_type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: { transmissionId, transmissionTime, certUrl, authAlgo, webhookId: matched },
      };
    },
  });
}
