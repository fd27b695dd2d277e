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
};
