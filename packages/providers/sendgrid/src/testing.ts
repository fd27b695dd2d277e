import { type ProviderDescriptor, type TestRequestInput, testBody, testRequest, utf8 } from "@hookwire/core";
import { sendgrid } from "./receiver.js";
import { sendgridPublicKeyOf, sendgridScheme } from "./scheme.js";

/**
 * A fixed P-256 private key (base64 PKCS#8) for tests and the CLI — never for anything real. Its
 * verification key is {@link SENDGRID_TEST_PUBLIC_KEY}.
 */
export const SENDGRID_TEST_PRIVATE_KEY =
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZOZkHeNEQyMC0p12GsX2/OGzXotwXRZyhsdXQoZDJm+hRANCAATIeJpV5VFwOAvwNM6hyl9Asq95cujTc+1bbo/5UVvOWmGX5piTpqDnNtwqg+XxkJbl6L3MPTD01+tpNQcz+Yr5";

/** The verification key (base64 SPKI) of {@link SENDGRID_TEST_PRIVATE_KEY}. */
export const SENDGRID_TEST_PUBLIC_KEY =
  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyHiaVeVRcDgL8DTOocpfQLKveXLo03PtW26P+VFbzlphl+aYk6ag5zbcKoPl8ZCW5ei9zD0w9NfraTUHM/mK+Q==";

/**
 * A batch body as SendGrid writes it: each event on its own line (`},\r\n{`) and a trailing `\r\n`.
 *
 * @example
 * ```ts
 * sendgridBody([{ event: "delivered", email: "a@example.com" }]); // '[{"event":…}\r\n'
 * ```
 */
export function sendgridBody(events: readonly unknown[]): string {
  return `${JSON.stringify(events).split("},{").join("},\r\n{")}\r\n`;
}

/**
 * A SendGrid Event Webhook request signed as SendGrid would sign it, for your own tests: `secret` is
 * a P-256 private key (base64 PKCS#8, default use {@link SENDGRID_TEST_PRIVATE_KEY}) whose
 * verification key the receiver is given; an array payload is written as SendGrid writes batches.
 *
 * @example
 * ```ts
 * import { SENDGRID_TEST_PRIVATE_KEY, sendgridTestRequest } from "@hookwire/sendgrid/testing";
 * const request = await sendgridTestRequest({ secret: SENDGRID_TEST_PRIVATE_KEY, payload: [{ event: "delivered", email: "a@example.com", timestamp: 1, sg_event_id: "e1" }] });
 * ```
 */
export function sendgridTestRequest(input: TestRequestInput): Promise<Request> {
  const body = Array.isArray(input.payload) ? utf8(sendgridBody(input.payload)) : testBody(input.payload);
  return testRequest(sendgridScheme, input, {
    url: "https://example.com/webhooks/sendgrid",
    body,
    headers: { "user-agent": "SendGrid Event API" },
  });
}

/**
 * SendGrid for the `hookwire` CLI and other tools: the secret is a P-256 private key (base64
 * PKCS#8); the receiver derives its verification key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/sendgrid/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: [] });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "sendgrid",
  packageName: "@hookwire/sendgrid",
  sign: sendgridTestRequest,
  receiver: (secret) => {
    let key: Promise<string> | undefined;
    return sendgrid({ publicKey: () => (key ??= sendgridPublicKeyOf(secret)) });
  },
  secretIs: "a P-256 private key (base64 PKCS#8); the receiver uses its public key",
  exampleSecret: SENDGRID_TEST_PRIVATE_KEY,
  example: {
    payload: [
      {
        email: "hello@world.com",
        event: "dropped",
        reason: "Bounced Address",
        sg_event_id: "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
        sg_message_id: "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",
        timestamp: 1600112492,
      },
    ],
  },
};
