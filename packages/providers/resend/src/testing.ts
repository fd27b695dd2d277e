import type { ProviderDescriptor, TestRequestInput } from "@hookwire/core";
import { standardWebhooksTestRequest } from "@hookwire/standard-webhooks/testing";
import { resend } from "./receiver.js";

/**
 * A Resend webhook `Request` signed as Resend (through Svix) signs it, with `svix-*` headers, for
 * your own tests: `secret` is a `whsec_` signing secret; an object payload gets `type` (from
 * `event`, default `email.delivered`) and `timestamp` unless it has them.
 *
 * @example
 * ```ts
 * import { resendTestRequest } from "@hookwire/resend/testing";
 * const request = await resendTestRequest({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", payload: { type: "email.delivered", created_at: "…", data: {} } });
 * ```
 */
export function resendTestRequest(input: TestRequestInput): Promise<Request> {
  return standardWebhooksTestRequest({
    ...input,
    event: input.event ?? "email.delivered",
    url: input.url ?? "https://example.com/webhooks/resend",
    svixHeaders: true,
  });
}

/**
 * Resend for the `hookwire` CLI and other tools: the secret is the webhook's `whsec_` signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/resend/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: { type: "email.sent", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "resend",
  packageName: "@hookwire/resend",
  sign: resendTestRequest,
  receiver: (secret) => resend({ secret }),
  secretIs: "the webhook's signing secret (whsec_…)",
  // the example secret of the Standard Webhooks specification
  exampleSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};
