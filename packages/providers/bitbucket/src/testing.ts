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
  example: {
    payload: {
      push: {
        changes: [
          {
            old: {
              type: "branch",
              name: "main",
              target: {
                type: "commit",
                hash: "1e65c05c1d5171631d92438a13901ca7dae9618c",
                message: "Initial commit\n",
                date: "2024-05-02T10:11:12+00:00",
              },
            },
            "new": {
              type: "branch",
              name: "main",
              target: {
                type: "commit",
                hash: "709d658dc5b6d6afcd46049c2f332ee3f515a67d",
                message: "Mise à jour — ünïcode ✓\n",
                date: "2024-05-02T10:20:00+00:00",
              },
            },
            created: false,
            closed: false,
            forced: false,
            truncated: false,
            commits: [
              {
                type: "commit",
                hash: "709d658dc5b6d6afcd46049c2f332ee3f515a67d",
                message: "Mise à jour — ünïcode ✓\n",
                author: { raw: "Emma <emma@example.com>" },
              },
            ],
          },
        ],
      },
      actor: {
        type: "user",
        uuid: "{e7d2b2b3-0000-4c0e-8a2b-5f3c2d1e0f9a}",
        display_name: "Emma",
        account_id: "557058:1234",
      },
      repository: {
        type: "repository",
        uuid: "{3f4e1b6a-0000-4c6f-9a1d-2b3c4d5e6f70}",
        name: "hookwire-demo",
        full_name: "emma/hookwire-demo",
        is_private: true,
        scm: "git",
        workspace: {
          type: "workspace",
          uuid: "{a1b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b}",
          slug: "emma",
          name: "Emma",
        },
      },
    },
    event: "repo:push",
  },
};
