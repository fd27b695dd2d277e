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
  example: {
    payload: {
      object_kind: "push",
      event_name: "push",
      before: "95790bf891e76fee5e1747ab589903a6a1f80f22",
      after: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
      ref: "refs/heads/master",
      ref_protected: true,
      checkout_sha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
      message: "Hello World",
      user_id: 4,
      user_name: "John Smith",
      user_username: "jsmith",
      user_email: "john@example.com",
      user_avatar:
        "https://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=8://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=80",
      project_id: 15,
      project: {
        id: 15,
        name: "Diaspora",
        description: "",
        web_url: "http://test.example.com/mike/diaspora",
        avatar_url: null,
        git_ssh_url: "git@example.com:mike/diaspora.git",
        git_http_url: "http://example.com/mike/diaspora.git",
        namespace: "Mike",
        visibility_level: 0,
        path_with_namespace: "mike/diaspora",
        default_branch: "master",
        ci_config_path: null,
        homepage: "http://example.com/mike/diaspora",
        url: "git@example.com:mike/diaspora.git",
        ssh_url: "git@example.com:mike/diaspora.git",
        http_url: "http://example.com/mike/diaspora.git",
      },
      commits: [
        {
          id: "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",
          message:
            "Update Catalan translation to e38cb41.\n\nSee https://gitlab.com/gitlab-org/gitlab for more information",
          title: "Update Catalan translation to e38cb41.",
          timestamp: "2011-12-12T14:27:31+02:00",
          url: "http://example.com/mike/diaspora/commit/b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",
          author: { name: "Jordi Mallach", email: "jordi@softcatala.org" },
          added: ["CHANGELOG"],
          modified: ["app/controller/application.rb"],
          removed: [],
        },
      ],
      total_commits_count: 1,
      push_options: {},
      repository: {
        name: "Diaspora",
        url: "git@example.com:mike/diaspora.git",
        description: "",
        homepage: "http://example.com/mike/diaspora",
        git_http_url: "http://example.com/mike/diaspora.git",
        git_ssh_url: "git@example.com:mike/diaspora.git",
        visibility_level: 0,
      },
    },
    event: "Push Hook",
  },
};
