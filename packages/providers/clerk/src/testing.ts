import type { ProviderDescriptor, TestRequestInput } from "@hookwire/core";
import { standardWebhooksTestRequest } from "@hookwire/standard-webhooks/testing";
import { clerk } from "./receiver.js";

/**
 * A Clerk webhook `Request` signed as Clerk (through Svix) signs it, with `svix-*` headers, for your
 * own tests: `secret` is a `whsec_` signing secret; an object payload gets `type` (from `event`,
 * default `user.created`) and `timestamp` unless it has them.
 *
 * @example
 * ```ts
 * import { clerkTestRequest } from "@hookwire/clerk/testing";
 * const request = await clerkTestRequest({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", payload: { type: "user.created", object: "event", data: { id: "user_1" } } });
 * ```
 */
export function clerkTestRequest(input: TestRequestInput): Promise<Request> {
  return standardWebhooksTestRequest({
    ...input,
    event: input.event ?? "user.created",
    url: input.url ?? "https://example.com/webhooks/clerk",
    svixHeaders: true,
  });
}

/**
 * Clerk for the `hookwire` CLI and other tools: the secret is the endpoint's `whsec_` signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/clerk/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: { type: "user.created", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "clerk",
  packageName: "@hookwire/clerk",
  sign: clerkTestRequest,
  receiver: (secret) => clerk({ secret }),
  secretIs: "the endpoint's signing secret (whsec_…)",
  // the example secret of the Standard Webhooks specification
  exampleSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};
