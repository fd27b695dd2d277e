import {
  type ProviderDescriptor,
  type TestRequestInput,
  testBody,
  testRequest,
  utf8,
  utf8Decode,
} from "@hookwire/core";
import { github } from "./receiver.js";
import { githubScheme } from "./scheme.js";

/**
 * The `X-Hub-Signature-256` value GitHub sends for a body.
 *
 * @example
 * ```ts
 * await githubSignature("Hello, World!", "It's a Secret to Everybody");
 * // "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
 * ```
 */
export async function githubSignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await githubScheme.sign({ body: typeof body === "string" ? utf8(body) : body, secret });
  return headers["X-Hub-Signature-256"]!;
}

/**
 * A correctly signed GitHub webhook `Request`, as GitHub would send it — for your own tests.
 * `event` is the `X-GitHub-Event` header (default `ping`); an object payload is sent as JSON,
 * or as GitHub's `payload=` form with `form: true`.
 *
 * @example
 * ```ts
 * import { githubTestRequest } from "@hookwire/github/testing";
 * const request = await githubTestRequest({ secret: "s3cret", event: "issues", payload: { action: "opened", issue: { number: 1 } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function githubTestRequest(input: TestRequestInput & { form?: boolean }): Promise<Request> {
  const json = testBody(input.payload);
  return testRequest(githubScheme, input, {
    url: "https://example.com/webhooks/github",
    ...(input.form
      ? {
          body: utf8(`payload=${encodeURIComponent(utf8Decode(json))}`),
          contentType: "application/x-www-form-urlencoded",
        }
      : { body: json }),
    headers: {
      "user-agent": "GitHub-Hookshot/hookwire-test",
      "x-github-event": input.event ?? "ping",
      "x-github-delivery": input.id ?? crypto.randomUUID(),
      "x-github-hook-id": "1",
    },
  });
}

/**
 * GitHub for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/github/testing";
 * const request = await descriptor.sign({ secret: "s3cret", event: "ping", payload: { zen: "Keep it simple." } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "github",
  packageName: "@hookwire/github",
  sign: githubTestRequest,
  receiver: (secret) => github({ secret }),
  eventOption: "X-GitHub-Event (issues, push…)",
  example: {
    payload: {
      action: "opened",
      issue: {
        url: "https://api.github.com/repos/octocat/Hello-World/issues/1347",
        id: 1,
        node_id: "MDU6SXNzdWUx",
        number: 1347,
        title: "Found a bug",
        state: "open",
        body: "I'm having a problem with this.\r\n\r\nSteps: ünïcödé",
        user: { login: "octocat", id: 1, type: "User" },
        labels: [],
        created_at: "2011-04-22T13:33:48Z",
      },
      repository: {
        id: 1296269,
        name: "Hello-World",
        full_name: "octocat/Hello-World",
        private: false,
        owner: { login: "octocat", id: 1, type: "User" },
      },
      sender: { login: "octocat", id: 1, type: "User" },
    },
    event: "issues",
  },
};
