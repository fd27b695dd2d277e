import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { docusign } from "./receiver.js";
import { docusignScheme } from "./scheme.js";

/**
 * A correctly signed DocuSign Connect `Request`, as DocuSign would send it — for your own tests.
 * The payload is the whole body (`{ event, apiVersion, uri, retryCount, configurationId,
 * generatedDateTime, data }`); `secret` is the Connect key (`keys` signs `X-DocuSign-Signature-1…N`
 * with several).
 *
 * @example
 * ```ts
 * import { docusignTestRequest } from "@hookwire/docusign/testing";
 * const request = await docusignTestRequest({ secret: "connect-key", payload: { event: "envelope-sent", data: { envelopeId: "e1" } } });
 * ```
 */
export function docusignTestRequest(
  input: TestRequestInput & { keys?: readonly string[] },
): Promise<Request> {
  const scheme =
    input.keys === undefined
      ? docusignScheme
      : {
          verify: docusignScheme.verify,
          sign: (sign: Parameters<typeof docusignScheme.sign>[0]) =>
            docusignScheme.sign({ ...sign, secret: input.keys! }),
        };
  return testRequest(scheme, input, {
    url: "https://example.com/webhooks/docusign",
    headers: { "user-agent": "DocuSign Connect" },
  });
}

/**
 * DocuSign Connect for the `hookwire` CLI and other tools: sign, send and listen with a Connect key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/docusign/testing";
 * const request = await descriptor.sign({ secret: "connect-key", payload: { event: "envelope-completed", data: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "docusign",
  packageName: "@hookwire/docusign",
  sign: docusignTestRequest,
  receiver: (secret) => docusign({ secret }),
  secretIs: "a Connect HMAC key",
};
