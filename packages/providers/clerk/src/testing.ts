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
  example: {
    payload: {
      data: {
        birthday: "",
        created_at: 1654012591514,
        email_addresses: [
          {
            email_address: "example@example.org",
            id: "idn_29w83yL7CwVlJXylYLxcslromF1",
            linked_to: [],
            object: "email_address",
            verification: { status: "verified", strategy: "ticket" },
          },
        ],
        external_accounts: [],
        external_id: "567772",
        first_name: "Example",
        gender: "",
        id: "user_29w83sxmDNGwOuEthce5gg56FcC",
        image_url: "https://img.clerk.com/xxxxxx",
        last_name: "Example",
        last_sign_in_at: 1654012591514,
        object: "user",
        password_enabled: true,
        phone_numbers: [],
        primary_email_address_id: "idn_29w83yL7CwVlJXylYLxcslromF1",
        primary_phone_number_id: null,
        primary_web3_wallet_id: null,
        private_metadata: {},
        profile_image_url: "https://www.gravatar.com/avatar?d=mp",
        public_metadata: {},
        two_factor_enabled: false,
        unsafe_metadata: {},
        updated_at: 1654012591835,
        username: null,
        web3_wallets: [],
      },
      event_attributes: { http_request: { client_ip: "0.0.0.0", user_agent: "Mozilla/5.0" } },
      instance_id: "ins_123",
      object: "event",
      timestamp: 1654012591835,
      type: "user.created",
    },
  },
};
