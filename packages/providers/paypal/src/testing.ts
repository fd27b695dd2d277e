import {
  fromBase64,
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  toBase64,
  utf8,
  WebhookError,
} from "@hookwire/core";
import { crc32 } from "./certificate.js";
import { paypal } from "./receiver.js";

/** What {@link paypalSignature} signs. */
export interface PayPalSignatureInput {
  /** `PAYPAL-TRANSMISSION-ID`. */
  transmissionId: string;
  /** `PAYPAL-TRANSMISSION-TIME` (ISO 8601). */
  transmissionTime: string;
  /** The webhook id the receiver is configured with. */
  webhookId: string;
  /** The raw body. */
  body: string | Uint8Array;
  /** A PKCS#8 RSA private key in PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: string;
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  const der = match ? fromBase64(match[1]!.replace(/\s+/g, "")) : undefined;
  if (!der) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      "[@hookwire/paypal] The private key must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----). Convert with `openssl pkcs8 -topk8 -nocrypt`.",
    );
  }
  return crypto.subtle.importKey(
    "pkcs8",
    der as Uint8Array<ArrayBuffer>,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

/**
 * The `PAYPAL-TRANSMISSION-SIG` value for a delivery: base64 SHA256withRSA over
 * `transmissionId|transmissionTime|webhookId|crc32(body)`, signed with a test private key.
 *
 * @example
 * ```ts
 * import { paypalSignature } from "@hookwire/paypal/testing";
 * const sig = await paypalSignature({ transmissionId: "t1", transmissionTime: new Date().toISOString(), webhookId: "WH-1", body, privateKey });
 * ```
 */
export async function paypalSignature(input: PayPalSignatureInput): Promise<string> {
  const body = typeof input.body === "string" ? utf8(input.body) : input.body;
  const message = `${input.transmissionId}|${input.transmissionTime}|${input.webhookId}|${crc32(body)}`;
  const key = await importPrivateKey(input.privateKey);
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    key,
    utf8(message) as Uint8Array<ArrayBuffer>,
  );
  return toBase64(new Uint8Array(signature));
}

/** Extra inputs of {@link paypalTestRequest}. */
export interface PayPalTestRequestInput extends TestRequestInput {
  /** The webhook id to sign for (default `WH-HOOKWIRE-TEST`). */
  webhookId?: string;
  /** `PAYPAL-CERT-URL` (default `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-HOOKWIRE-TEST`); serve your test certificate there through the receiver's `fetch`. */
  certUrl?: string;
}

/**
 * A PayPal webhook `Request` signed with a test key — for your own tests. `secret` is the PEM
 * PKCS#8 private key whose certificate your receiver's injected `fetch` serves at `certUrl`; that
 * certificate must be named like PayPal's (`CN=messageverificationcerts.sandbox.paypal.com`) and issued
 * by a test CA the receiver trusts (`trustedCertificates`). `timestamp` sets
 * `PAYPAL-TRANSMISSION-TIME`. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { paypalTestRequest } from "@hookwire/paypal/testing";
 * const request = await paypalTestRequest({ secret: privateKeyPem, webhookId: "WH-1", payload: { id: "WH-2", event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} } });
 * ```
 */
export async function paypalTestRequest(input: PayPalTestRequestInput): Promise<Request> {
  const body = testBody(input.payload);
  const transmissionId = input.id ?? crypto.randomUUID();
  const transmissionTime = new Date((input.timestamp ?? Math.floor(Date.now() / 1000)) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const webhookId = input.webhookId ?? "WH-HOOKWIRE-TEST";
  return new Request(input.url ?? "https://example.com/webhooks/paypal", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "paypal-transmission-id": transmissionId,
      "paypal-transmission-time": transmissionTime,
      "paypal-transmission-sig": await paypalSignature({
        transmissionId,
        transmissionTime,
        webhookId,
        body,
        privateKey: input.secret,
      }),
      "paypal-cert-url":
        input.certUrl ?? "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-HOOKWIRE-TEST",
      "paypal-auth-algo": "SHA256withRSA",
      ...input.headers,
    },
  });
}

/**
 * PayPal for the `hookwire` CLI and other tools. PayPal signs with its own certificate, so the two
 * sides take different secrets: `receiver(webhookId)` verifies real PayPal deliveries for that webhook
 * id (offline mode: PayPal's certificate, chain and subject checked), and `sign` takes a PKCS#8 PEM
 * private key whose certificate a test receiver must be given (see {@link paypalTestRequest}).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/paypal/testing";
 * const receiver = descriptor.receiver("1JE4291016473214C");
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "paypal",
  packageName: "@hookwire/paypal",
  sign: paypalTestRequest,
  receiver: (webhookId) => paypal({ webhookId }),
  secretIs:
    "listen: the webhook id PayPal shows for the endpoint; sign: a PKCS#8 PEM private key (PayPal signs with its own certificate)",
  example: {
    payload: {
      id: "WH-58D329510W468432D-8HN650336L201105X",
      create_time: "2019-02-14T21:50:07.940Z",
      resource_type: "capture",
      event_type: "PAYMENT.CAPTURE.COMPLETED",
      summary: "Payment completed for $ 2.51 USD",
      resource: {
        amount: { currency_code: "USD", value: "2.51" },
        seller_protection: {
          status: "ELIGIBLE",
          dispute_categories: ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"],
        },
        update_time: "2019-02-14T21:49:58Z",
        create_time: "2019-02-14T21:49:58Z",
        final_capture: true,
        seller_receivable_breakdown: {
          gross_amount: { currency_code: "USD", value: "2.51" },
          paypal_fee: { currency_code: "USD", value: "0.37" },
          net_amount: { currency_code: "USD", value: "2.14" },
        },
        links: [
          {
            href: "https://api.paypal.com/v2/payments/captures/27M47624FP291604U",
            rel: "self",
            method: "GET",
          },
          {
            href: "https://api.paypal.com/v2/payments/captures/27M47624FP291604U/refund",
            rel: "refund",
            method: "POST",
          },
          {
            href: "https://api.paypal.com/v2/payments/authorizations/7W5147081L658180V",
            rel: "up",
            method: "GET",
          },
        ],
        id: "27M47624FP291604U",
        status: "COMPLETED",
      },
      links: [
        {
          href: "https://api.paypal.com/v1/notifications/webhooks-events/WH-58D329510W468432D-8HN650336L201105X",
          rel: "self",
          method: "GET",
          encType: "application/json",
        },
        {
          href: "https://api.paypal.com/v1/notifications/webhooks-events/WH-58D329510W468432D-8HN650336L201105X/resend",
          rel: "resend",
          method: "POST",
          encType: "application/json",
        },
      ],
      event_version: "1.0",
      resource_version: "2.0",
    },
  },
};
