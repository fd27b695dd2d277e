import { type ProviderDescriptor, type TestRequestInput, testBody, testRequest, utf8 } from "@hookwire/core";
import { slack } from "./receiver.js";
import { slackScheme } from "./scheme.js";

/**
 * The `X-Slack-Signature` value Slack sends for a body and timestamp.
 *
 * @example
 * ```ts
 * await slackSignature(body, 1531420618, "8f742231b10e8888abcd99yyyzzz85a5");
 * // "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" for Slack's documented body
 * ```
 */
export async function slackSignature(
  body: string | Uint8Array,
  timestamp: number,
  secret: string,
): Promise<string> {
  const { headers } = await slackScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
    timestamp,
  });
  return headers["X-Slack-Signature"]!;
}

/**
 * A correctly signed Slack `Request` — for your own tests. An object payload is sent as JSON
 * (Events API); a string payload is sent as a form body (slash commands, `payload=` interactivity).
 * With an object payload, `event` shapes the request: `command./deploy` sends the fields as a slash
 * command form, `interactive.block_actions` sends them as a `payload=` interactivity form, and any
 * other name (`app_mention` or `event.app_mention`) wraps a payload without `type` in an
 * `event_callback` envelope.
 *
 * @example
 * ```ts
 * import { slackTestRequest } from "@hookwire/slack/testing";
 * const request = await slackTestRequest({
 *   secret: "signing-secret",
 *   payload: { type: "event_callback", event_id: "Ev1", event: { type: "app_mention", text: "hi" } },
 * });
 * ```
 */
export function slackTestRequest(input: TestRequestInput): Promise<Request> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  let payload = input.payload;
  let form = typeof payload === "string" && !payload.trimStart().startsWith("{");
  const event = input.event;
  if (
    event !== undefined &&
    typeof payload === "object" &&
    payload !== null &&
    !(payload instanceof Uint8Array)
  ) {
    const fields = payload as Record<string, unknown>;
    if (event.startsWith("command.")) {
      // A slash command: form fields, with `command` from the event name (`command./deploy`).
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries({ text: "", ...fields, command: event.slice(8) })) {
        params.set(key, String(value));
      }
      payload = params.toString();
      form = true;
    } else if (event.startsWith("interactive.")) {
      // An interactivity payload: JSON in the `payload` form field, `type` from the event name.
      payload = `payload=${encodeURIComponent(JSON.stringify({ ...fields, type: event.slice(12) }))}`;
      form = true;
    } else if (!("type" in fields)) {
      payload = {
        type: "event_callback",
        team_id: "T0000000000",
        api_app_id: "A0000000000",
        event: { ...fields, type: event.startsWith("event.") ? event.slice(6) : event },
        event_id: input.id ?? `Ev${crypto.randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
        event_time: timestamp,
      };
    }
  }
  return testRequest(
    slackScheme,
    { ...input, timestamp },
    {
      url: "https://example.com/webhooks/slack",
      body: testBody(payload),
      contentType: form ? "application/x-www-form-urlencoded" : "application/json",
      headers: { "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)" },
    },
  );
}

/**
 * Slack for the `hookwire` CLI and other tools: sign, send and listen with the app's signing secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/slack/testing";
 * const request = await descriptor.sign({ secret: "s3cret", payload: { type: "event_callback", event: { type: "app_mention" } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "slack",
  packageName: "@hookwire/slack",
  sign: slackTestRequest,
  receiver: (secret) => slack({ secret }),
  example: {
    payload: {
      token: "ZZZZZZWSxiZZZ2yIvs3peJ",
      team_id: "T061EG9R6",
      api_app_id: "A0MDYCDME",
      event: {
        type: "app_mention",
        user: "U061F7AUR",
        text: "<@U0LAN0Z89> is it everything a river should be? — «ça coule»",
        ts: "1515449522.000016",
        channel: "C0LAN2Q65",
        event_ts: "1515449522000016",
      },
      type: "event_callback",
      event_id: "Ev0LAN670R",
      event_time: 1515449522000016,
      authed_users: ["U0LAN0Z89"],
    },
  },
};
