import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { postmark } from "./receiver.js";
import { postmarkScheme } from "./scheme.js";

/**
 * A Postmark webhook `Request` with HTTP Basic credentials, as Postmark sends it, for your own
 * tests: `secret` is `username:password`.
 *
 * @example
 * ```ts
 * import { postmarkTestRequest } from "@hookwire/postmark/testing";
 * const request = await postmarkTestRequest({ secret: "hooks:s3cret", payload: { RecordType: "Delivery", MessageID: "m1", Recipient: "a@example.com" } });
 * ```
 */
export function postmarkTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(postmarkScheme, input, {
    url: "https://example.com/webhooks/postmark",
    headers: { "user-agent": "Postmark" },
  });
}

/**
 * Postmark for the `hookwire` CLI and other tools: the secret is the `username:password` of the
 * webhook URL's Basic credentials.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/postmark/testing";
 * const request = await descriptor.sign({ secret: "hooks:s3cret", payload: { RecordType: "Open" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "postmark",
  packageName: "@hookwire/postmark",
  sign: postmarkTestRequest,
  receiver: (secret) => postmark({ credentials: secret }),
  secretIs: "the webhook URL's Basic credentials, username:password",
  exampleSecret: "hookwire:0123456789abcdef0123456789abcdef",
  example: {
    payload: {
      MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
      Recipient: "john@example.com",
      DeliveredAt: "2019-11-05T16:33:54.9070259Z",
      Details: "Test delivery webhook details",
      Tag: "welcome-email",
      ServerID: 23,
      Metadata: { a_key: "a_value", b_key: "b_value" },
      RecordType: "Delivery",
      MessageStream: "outbound",
    },
  },
};
