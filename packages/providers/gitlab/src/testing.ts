import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { gitlab } from "./receiver.js";
import { gitlabSigningScheme, gitlabTokenScheme } from "./scheme.js";

/**
 * A GitLab webhook `Request`, as GitLab sends it, for your own tests: a `secret` starting with
 * `whsec_` is a signing token (the request carries `webhook-signature`), any other is the secret
 * token (sent in `X-Gitlab-Token`). `event` is `X-Gitlab-Event` (default `Push Hook`).
 *
 * @example
 * ```ts
 * import { gitlabTestRequest } from "@hookwire/gitlab/testing";
 * const request = await gitlabTestRequest({ secret: "token", event: "Merge Request Hook", payload: { object_kind: "merge_request" } });
 * ```
 */
export function gitlabTestRequest(input: TestRequestInput): Promise<Request> {
  const uuid = input.id ?? crypto.randomUUID();
  return testRequest(input.secret.startsWith("whsec_") ? gitlabSigningScheme : gitlabTokenScheme, input, {
    url: "https://example.com/webhooks/gitlab",
    headers: {
      "user-agent": "GitLab/18.6.0",
      "x-gitlab-event": input.event ?? "Push Hook",
      "x-gitlab-event-uuid": uuid,
      "x-gitlab-webhook-uuid": "00000000-0000-4000-8000-000000000000",
      "x-gitlab-instance": "https://gitlab.com",
      "idempotency-key": uuid,
    },
  });
}

/**
 * GitLab for the `hookwire` CLI and other tools: the secret is the webhook's secret token (or a
 * `whsec_` signing token).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/gitlab/testing";
 * const request = await descriptor.sign({ secret: "token", event: "Push Hook", payload: { object_kind: "push" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "gitlab",
  packageName: "@hookwire/gitlab",
  sign: gitlabTestRequest,
  receiver: (secret) =>
    secret.startsWith("whsec_") ? gitlab({ signingToken: secret }) : gitlab({ token: secret }),
  secretIs: "the webhook's secret token (X-Gitlab-Token), or a whsec_ signing token",
  eventOption: "X-Gitlab-Event (Push Hook, Merge Request Hook…)",
};
