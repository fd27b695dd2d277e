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
  example: {
    payload: {
      type: "email.bounced",
      created_at: "2024-11-22T23:41:12.126Z",
      data: {
        broadcast_id: "8b146471-e88e-4322-86af-016cd36fd216",
        created_at: "2024-11-22T23:41:11.894719+00:00",
        email_id: "56761188-7520-42d8-8898-ff6fc54ce618",
        from: "Acme <onboarding@resend.dev>",
        to: ["delivered@resend.dev"],
        subject: "Sending this example",
        bounce: {
          message:
            "The recipient's email address is on the suppression list because it has a recent history of producing hard bounces.",
          subType: "Suppressed",
          type: "Permanent",
        },
      },
    },
  },
};
