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
  example: {
    payload: {
      event: "envelope-completed",
      apiVersion: "v2.1",
      uri: "/restapi/v2.1/accounts/af8ab81e-4be0-4f3c-b2b7-3a4f9b6d1e2c/envelopes/93be49ab-xxxx-xxxx-xxxx-f752070d71ec",
      retryCount: 0,
      configurationId: 10418,
      generatedDateTime: "2020-12-04T22:59:52.8930000Z",
      data: {
        accountId: "af8ab81e-4be0-4f3c-b2b7-3a4f9b6d1e2c",
        userId: "e7b5b0c8-2a3d-4c4e-9b1f-7c2d8e9f0a1b",
        envelopeId: "93be49ab-xxxx-xxxx-xxxx-f752070d71ec",
        envelopeSummary: {
          status: "completed",
          envelopeId: "93be49ab-xxxx-xxxx-xxxx-f752070d71ec",
          emailSubject: "Please sign this document: Résumé.pdf",
          sender: {
            userName: "John Doe",
            userId: "e7b5b0c8-2a3d-4c4e-9b1f-7c2d8e9f0a1b",
            accountId: "af8ab81e-4be0-4f3c-b2b7-3a4f9b6d1e2c",
            email: "john.doe@example.com",
          },
          createdDateTime: "2020-12-04T22:58:41.197Z",
          sentDateTime: "2020-12-04T22:58:42.523Z",
          completedDateTime: "2020-12-04T22:59:50.637Z",
          recipients: {
            signers: [
              {
                recipientId: "1",
                email: "jane.signer@example.com",
                name: "Jane Signer",
                status: "completed",
                routingOrder: "1",
                signedDateTime: "2020-12-04T22:59:50.637Z",
                deliveredDateTime: "2020-12-04T22:59:26.873Z",
              },
            ],
          },
        },
      },
    },
  },
};
