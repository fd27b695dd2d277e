import {
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  testRequest,
  utf8,
  utf8Decode,
} from "@hookwire/core";
import { mailgun } from "./receiver.js";
import { mailgunScheme, mailgunSignature } from "./scheme.js";

/**
 * A JSON webhook body with a fresh `signature` ({ timestamp, token, signature }) under `signingKey`.
 *
 * @example
 * ```ts
 * const body = await signMailgunBody({ "event-data": { event: "delivered", id: "x" } }, "key-…");
 * ```
 */
export async function signMailgunBody<T extends object>(
  body: T,
  signingKey: string,
  timestamp?: number,
): Promise<T & { signature: { timestamp: string; token: string; signature: string } }> {
  return { ...body, signature: await mailgunSignature(signingKey, timestamp) };
}

/**
 * A correctly signed Mailgun webhook `Request`, as Mailgun would send it — for your own tests. A
 * JSON object payload (`{ "event-data": … }`) gets a fresh `signature` (new token each time) at
 * `timestamp` (default now); any other payload is sent as given.
 *
 * @example
 * ```ts
 * import { mailgunTestRequest } from "@hookwire/mailgun/testing";
 * const request = await mailgunTestRequest({ secret: "signing-key", payload: { "event-data": { event: "delivered", id: "CPgfbmQMTCKtHW6uIWtuVe", timestamp: 1521472262.9 } } });
 * ```
 */
export async function mailgunTestRequest(input: TestRequestInput): Promise<Request> {
  const raw = testBody(input.payload);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(raw));
  } catch {
    parsed = undefined;
  }
  const body =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? utf8(JSON.stringify(await signMailgunBody(parsed, input.secret, input.timestamp)))
      : raw;
  return testRequest(mailgunScheme, input, {
    url: "https://example.com/webhooks/mailgun",
    body,
    headers: { "user-agent": "mailgun/treq-16.12.0" },
  });
}

/**
 * Mailgun for the `hookwire` CLI and other tools: sign, send and listen with the HTTP webhook
 * signing key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/mailgun/testing";
 * const request = await descriptor.sign({ secret: "signing-key", payload: { "event-data": { event: "opened", id: "e1" } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "mailgun",
  packageName: "@hookwire/mailgun",
  sign: mailgunTestRequest,
  receiver: (secret) => mailgun({ secret }),
  secretIs: "the HTTP webhook signing key",
  example: {
    payload: {
      signature: {
        timestamp: "1529006854",
        token: "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0",
        signature: "d2271d12299f6592d9d44cd9d250f0704e4674c30d79d07c47a66f95ce71cf55",
      },
      "event-data": {
        tags: ["my_tag_1", "my_tag_2"],
        timestamp: 1521472262.908181,
        storage: {
          url: "https://se.api.mailgun.net/v3/domains/sandbox.mailgun.org/messages/message_key",
          key: "message_key",
        },
        envelope: {
          transport: "smtp",
          sender: "bob@sandbox.mailgun.org",
          "sending-ip": "209.61.154.250",
          targets: "alice@example.com",
        },
        "recipient-domain": "example.com",
        id: "CPgfbmQMTCKtHW6uIWtuVe",
        campaigns: [],
        "user-variables": { my_var_1: "Mailgun Variable #1", "my-var-2": "awesome" },
        flags: {
          "is-routed": false,
          "is-authenticated": true,
          "is-system-test": false,
          "is-test-mode": false,
        },
        "log-level": "info",
        message: {
          headers: {
            to: "Alice <alice@example.com>",
            "message-id": "20130503182626.18666.16540@sandbox.mailgun.org",
            from: "Bob <bob@sandbox.mailgun.org>",
            subject: "Test delivered webhook",
          },
          attachments: [],
          size: 111,
        },
        recipient: "alice@example.com",
        event: "delivered",
        "delivery-status": {
          tls: true,
          "mx-host": "smtp-in.example.com",
          "attempt-no": 1,
          description: "",
          "session-seconds": 0.4331989288330078,
          utf8: true,
          code: 250,
          message: "OK",
          "certificate-verified": true,
        },
      },
    },
  },
};
