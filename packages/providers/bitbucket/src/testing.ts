import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { bitbucket } from "./receiver.js";
import { bitbucketCodeScheme, bitbucketScheme } from "./scheme.js";

const codeScheme = bitbucketCodeScheme();

/**
 * The `X-Hub-Signature` value Bitbucket sends for a body when the webhook has a secret.
 *
 * @example
 * ```ts
 * await bitbucketSignature('{"push":{}}', "webhook-secret"); // "sha256=…"
 * ```
 */
export async function bitbucketSignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await bitbucketScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
  });
  return headers["X-Hub-Signature"]!;
}

/**
 * A correctly signed Bitbucket `Request` — for your own tests. `event` is the `X-Event-Key`
 * (default `repo:push`); pass `code: true` to put the secret in `?code=` instead of signing.
 *
 * @example
 * ```ts
 * import { bitbucketTestRequest } from "@hookwire/bitbucket/testing";
 * const request = await bitbucketTestRequest({ secret: "s", event: "pullrequest:created", payload: { pullrequest: { id: 1 } } });
 * ```
 */
export function bitbucketTestRequest(input: TestRequestInput & { code?: boolean }): Promise<Request> {
  return testRequest(input.code ? codeScheme : bitbucketScheme, input, {
    url: "https://example.com/webhooks/bitbucket",
    headers: {
      "user-agent": "Bitbucket-Webhooks/2.0",
      "x-event-key": input.event ?? "repo:push",
      "x-request-uuid": input.id ?? crypto.randomUUID(),
      "x-hook-uuid": "{00000000-0000-4000-8000-000000000000}",
      "x-attempt-number": "1",
    },
  });
}

/**
 * Bitbucket for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/bitbucket/testing";
 * const request = await descriptor.sign({ secret: "webhook-secret", event: "repo:push", payload: { push: { changes: [] } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "bitbucket",
  packageName: "@hookwire/bitbucket",
  sign: bitbucketTestRequest,
  receiver: (secret) => bitbucket({ secret }),
  eventOption: "X-Event-Key (repo:push, pullrequest:created…)",
};
