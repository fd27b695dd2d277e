import {
  digest,
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  testRequest,
  toHex,
  utf8,
} from "@hookwire/core";
import { twilio } from "./receiver.js";
import { twilioScheme } from "./scheme.js";

/**
 * The form body Twilio sends for parameters (`application/x-www-form-urlencoded`); an array value
 * repeats its key.
 *
 * @example
 * ```ts
 * twilioForm({ Body: "hi", From: "+15550001111" }); // "Body=hi&From=%2B15550001111"
 * ```
 */
export function twilioForm(params: Record<string, string | readonly string[]>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of typeof value === "string" ? [value] : value) form.append(key, item);
  }
  return form.toString();
}

/**
 * A Twilio webhook `Request` signed as Twilio signs it, for your own tests: `secret` is the Auth
 * Token; an object payload is sent as form parameters (arrays repeat a key) — or, with
 * `json: true`, as a JSON body bound by `bodySHA256` in the URL; a string or bytes are sent as a
 * form body as they are. `headers["I-Twilio-Idempotency-Token"]` defaults to `input.id` or a random id.
 *
 * @example
 * ```ts
 * import { twilioTestRequest } from "@hookwire/twilio/testing";
 * const request = await twilioTestRequest({ secret: "auth-token", url: "https://example.com/sms", payload: { MessageSid: "SM1", SmsStatus: "received", Body: "hi" } });
 * ```
 */
export async function twilioTestRequest(input: TestRequestInput & { json?: boolean }): Promise<Request> {
  const base = input.url ?? "https://example.com/webhooks/twilio";
  const common = {
    "user-agent": "TwilioProxy/1.1",
    "i-twilio-idempotency-token": input.id ?? crypto.randomUUID(),
  };
  if (input.json) {
    const body = testBody(input.payload);
    const hash = toHex(await digest("SHA-256", body));
    const url = `${base}${base.includes("?") ? "&" : "?"}bodySHA256=${hash}`;
    return testRequest(twilioScheme, { ...input, url }, { url, body, headers: common });
  }
  const body =
    typeof input.payload === "object" && input.payload !== null && !(input.payload instanceof Uint8Array)
      ? utf8(twilioForm(input.payload as Record<string, string | readonly string[]>))
      : testBody(input.payload);
  return testRequest(twilioScheme, input, {
    url: base,
    body,
    contentType: "application/x-www-form-urlencoded",
    headers: common,
  });
}

/**
 * Twilio for the `hookwire` CLI and other tools: sign, send and listen with an Auth Token.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/twilio/testing";
 * const request = await descriptor.sign({ secret: "auth-token", payload: { CallSid: "CA1", CallStatus: "ringing" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "twilio",
  packageName: "@hookwire/twilio",
  sign: twilioTestRequest,
  receiver: (secret) => twilio({ authToken: secret }),
  secretIs: "the account's Auth Token",
  encodesJson: true,
  example: {
    payload: {
      MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
      SmsSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
      AccountSid: "AC0123456789abcdef0123456789abcdef",
      From: "+15017122661",
      To: "+15558675310",
      Body: "Hello",
      NumMedia: "0",
      SmsStatus: "received",
    },
  },
};
