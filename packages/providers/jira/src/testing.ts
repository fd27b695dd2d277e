import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
import { jira } from "./receiver.js";
import { jiraScheme } from "./scheme.js";

/**
 * The `X-Hub-Signature` value Jira sends for a body.
 *
 * @example
 * ```ts
 * await jiraSignature('{"webhookEvent":"jira:issue_created"}', "secret"); // "sha256=…"
 * ```
 */
export function jiraSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(jiraScheme, "X-Hub-Signature", body, secret);
}

/**
 * A correctly signed Jira webhook `Request`, as Jira would send it — for your own tests. An object
 * payload without `webhookEvent` or `timestamp` gets them from `event` (default
 * `jira:issue_created`) and `timestamp`; `id` is the `X-Atlassian-Webhook-Identifier`.
 *
 * @example
 * ```ts
 * import { jiraTestRequest } from "@hookwire/jira/testing";
 * const request = await jiraTestRequest({ secret: "secret", payload: { issue: { key: "ENG-1", fields: { summary: "Hi" } } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function jiraTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(jiraScheme, input, {
    url: "https://example.com/webhooks/jira",
    fields: {
      timestamp: Math.round((input.timestamp ?? Date.now() / 1000) * 1000),
      webhookEvent: input.event ?? "jira:issue_created",
    },
    headers: {
      "x-atlassian-webhook-identifier": input.id ?? String(Math.floor(Math.random() * 1e15)),
      "x-atlassian-webhook-flow": "Primary",
    },
  });
}

/**
 * Jira for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/jira/testing";
 * const request = await descriptor.sign({ secret: "secret", event: "jira:issue_created", payload: { issue: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "jira",
  aliases: ["atlassian"],
  packageName: "@hookwire/jira",
  sign: jiraTestRequest,
  receiver: (secret) => jira({ secret }),
  eventOption: "the body's webhookEvent when the payload has none (jira:issue_created…)",
  example: {
    payload: {
      timestamp: 1709563441817,
      webhookEvent: "jira:issue_created",
      issue_event_type_name: "issue_created",
      user: {
        self: "https://example.atlassian.net/rest/api/2/user?accountId=5b10a2844c20165700ede21g",
        accountId: "5b10a2844c20165700ede21g",
        avatarUrls: { "48x48": "https://avatar-management.example/48.png" },
        displayName: "Mia Krystof",
        active: true,
        timeZone: "Australia/Sydney",
        accountType: "atlassian",
      },
      issue: {
        id: "10002",
        self: "https://example.atlassian.net/rest/api/2/10002",
        key: "ED-1",
        fields: {
          summary: "Login page shows a blank screen",
          issuetype: {
            self: "https://example.atlassian.net/rest/api/2/issuetype/10004",
            id: "10004",
            name: "Bug",
            subtask: false,
          },
          project: {
            self: "https://example.atlassian.net/rest/api/2/project/10000",
            id: "10000",
            key: "ED",
            name: "Edison",
          },
          status: { id: "10000", name: "To Do", statusCategory: { key: "new", name: "To Do" } },
          priority: { id: "3", name: "Medium" },
          assignee: null,
          labels: ["frontend"],
          created: "2024-03-04T14:44:01.546+1100",
          updated: "2024-03-04T14:44:01.546+1100",
        },
      },
    },
    event: "jira:issue_created",
  },
};
