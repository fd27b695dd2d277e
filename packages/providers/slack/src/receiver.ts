import {
  type Clock,
  defineReceiver,
  formToObject,
  mediaType,
  parseForm,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  secretResolver,
  timingSafeEqualString,
  utf8Decode,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { SlackEvents } from "./events.js";
import { slackScheme, slackSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/slack";

/** Options of {@link slack}. */
export interface SlackOptions {
  /**
   * The app's signing secret (Basic Information → App Credentials). A list accepts any of them
   * (rotation); a function looks it up per request. Required unless only `verificationToken` is set.
   */
  secret?: SecretInput;
  /**
   * The deprecated verification token, compared with the body's `token` field. Opt-in, for apps
   * that still rely on it (as ASP.NET WebHooks did). When `secret` is also set, both must match.
   */
  verificationToken?: SecretInput;
  /** Allowed distance between `X-Slack-Request-Timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Slack receiver type. */
export type SlackReceiver = Receiver<SlackEvents, "slack">;

type Parsed = {
  kind: "json" | "form";
  interactive: boolean;
  payload: Record<string, unknown>;
  token: unknown;
};

function parseBody(request: WebhookRequest): Parsed {
  const type = mediaType(request);
  if (type === "application/json") {
    const payload = parseJsonObject(request.body, PACKAGE);
    return { kind: "json", interactive: false, payload, token: payload.token };
  }
  if (type === "application/x-www-form-urlencoded") {
    const form = formToObject(parseForm(request.body));
    if (form.payload !== undefined) {
      const payload = parseJsonObject(form.payload, PACKAGE);
      return { kind: "json", interactive: true, payload, token: payload.token };
    }
    return { kind: "form", interactive: false, payload: form, token: form.token };
  }
  throw new WebhookError(
    "UNSUPPORTED_MEDIA_TYPE",
    `[${PACKAGE}] Content-Type ${type ? `"${type}"` : "(none)"} is not sent by Slack; expected application/json or application/x-www-form-urlencoded.`,
  );
}

/** The workspace id: `team_id` (Events API, slash commands) or `team.id` (interactivity payloads). */
function teamIdOf(payload: Record<string, unknown>): string | undefined {
  if (typeof payload.team_id === "string" && payload.team_id !== "") return payload.team_id;
  const team = payload.team as { id?: unknown } | null | undefined;
  return typeof team === "object" && team !== null && typeof team.id === "string" && team.id !== ""
    ? team.id
    : undefined;
}

function nameOf(parsed: Parsed): { type: string; id?: string | undefined } {
  const { payload } = parsed;
  if (parsed.kind === "form") {
    if (typeof payload.command === "string" && payload.command !== "") {
      return { type: `command.${payload.command}` };
    }
    if (payload.ssl_check !== undefined) return { type: "ssl_check" };
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The form body is neither a slash command (command=) nor an interactivity payload (payload=).`,
    );
  }
  const type = payload.type;
  if (typeof type !== "string" || type === "") {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "type" field.`);
  }
  if (parsed.interactive) return { type: `interactive.${type}` };
  if (type === "event_callback") {
    const inner = payload.event as { type?: unknown } | undefined;
    if (typeof inner !== "object" || inner === null || typeof inner.type !== "string") {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The event_callback body has no event.type.`);
    }
    return {
      type: `event.${inner.type}`,
      id: typeof payload.event_id === "string" ? payload.event_id : undefined,
    };
  }
  return { type };
}

/**
 * A receiver for Slack: Events API, slash commands and interactivity (buttons, modals, shortcuts).
 *
 * Verifies `X-Slack-Signature` (`v0=` + hex HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<raw body>`)
 * within 300 s, against every configured signing secret. Answers the Events API
 * `url_verification` challenge (after checking its signature) and `ssl_check` without running
 * handlers. Names: `event.<event.type>` (id = `event_id`), `command.<command>`,
 * `interactive.<payload.type>`. Retry headers are on `event.meta`. Slack gives up after 3 s. Slash
 * commands and interactions are answered with an empty 200 unless a handler returns a `Response`
 * (Slack shows a non-empty body to the user).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { slack } from "@hookwire/slack";
 *
 * const hooks = createWebhooks({ receivers: { slack: slack({ secret: process.env.SLACK_SIGNING_SECRET! }) } });
 * hooks.on("slack", "event.app_mention", async (event) => {
 *   console.log(event.payload.event.text);
 * });
 * ```
 */
export function slack(options: SlackOptions): SlackReceiver {
  if (options?.secret === undefined && options?.verificationToken === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The secret option is missing. Pass { secret: process.env.SLACK_SIGNING_SECRET } (Basic Information → App Credentials → Signing Secret).`,
    );
  }
  for (const [name, value] of [
    ["secret", options.secret],
    ["verificationToken", options.verificationToken],
  ] as const) {
    if (value === undefined || typeof value === "function") continue;
    const list = typeof value === "string" ? [value] : value;
    if (list.length === 0 || list.some((s) => typeof s !== "string" || s === "")) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The ${name} option is empty. Pass a non-empty string, a list for rotation, or a function of the request.`,
      );
    }
  }
  const scheme =
    options.toleranceSeconds === undefined && options.now === undefined
      ? slackScheme
      : slackSchemeWith({
          ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
          ...(options.now === undefined ? {} : { now: options.now }),
        });

  const secretsOf = secretResolver(options.secret, PACKAGE);
  const tokensOf = secretResolver(options.verificationToken, PACKAGE, "verificationToken");

  const check = (index: number): undefined => {
    if (index < 0) {
      throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
    }
    return undefined;
  };

  /**
   * The signature check ({@link slackScheme}): synchronous (undefined) on Node with a static secret,
   * else a promise. Without a signing secret (verification token only) there is nothing to check.
   */
  function authenticate(request: WebhookRequest): Promise<void> | undefined {
    if (options.secret === undefined) return undefined;
    const found = secretsOf(request);
    if (!Array.isArray(found)) {
      return found.then(async (secrets) => check(await scheme.verify(request, secrets)));
    }
    const matched = scheme.verify(request, found);
    return typeof matched === "number" ? check(matched) : matched.then(check);
  }

  /** The legacy verification token: synchronous (undefined) with static tokens, else a promise. */
  function checkToken(request: WebhookRequest, token: unknown): Promise<void> | undefined {
    if (options.verificationToken === undefined) return undefined;
    const found = tokensOf(request);
    if (!Array.isArray(found)) return found.then((tokens) => matchToken(tokens, token));
    matchToken(found, token);
    return undefined;
  }

  function matchToken(tokens: readonly string[], token: unknown): void {
    if (typeof token !== "string" || token === "") {
      throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The body has no verification token.`);
    }
    let matched = false;
    for (const expected of tokens) matched = timingSafeEqualString(token, expected) || matched;
    if (!matched) {
      throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The verification token does not match.`);
    }
  }

  return defineReceiver<SlackEvents, "slack">({
    provider: "slack",
    packageName: PACKAGE,
    deadlineMs: 3000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.now === undefined ? {} : { now: options.now }),
    async handshake(request) {
      if (request.method !== "POST") return undefined;
      const type = mediaType(request);
      const text = utf8Decode(request.body);
      if (type === "application/x-www-form-urlencoded") {
        // ssl_check carries nothing secret and runs no handler: a plain 200 is the whole answer.
        if (text.includes("ssl_check=") && parseForm(text).get("ssl_check") === "1") {
          return new Response(null, { status: 200 });
        }
        return undefined;
      }
      if (type !== "application/json" || !text.includes("url_verification")) return undefined;
      const payload = parseJsonObject(text, PACKAGE);
      if (payload.type !== "url_verification") return undefined;
      await authenticate(request);
      await checkToken(request, payload.token);
      if (typeof payload.challenge !== "string") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The url_verification body has no challenge.`);
      }
      return new Response(payload.challenge, {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    },
    respond(event) {
      // Slack shows a slash command's or an interaction's response body to the user: the default
      // answer must be an empty 200, not Hookwire's {"ok":true}. Events API answers stay the default.
      if (event.type.startsWith("command.") || event.type.startsWith("interactive.")) {
        return new Response(null, { status: 200 });
      }
      return undefined;
    },
    // Synchronous on Node with a static secret: no promise step before or after the signature check.
    verify(request) {
      const signed = authenticate(request);
      return signed ? signed.then(() => afterSignature(request)) : afterSignature(request);
    },
  });

  function afterSignature(request: WebhookRequest): VerifiedParts | Promise<VerifiedParts> {
    const parsed = parseBody(request);
    const checked = checkToken(request, parsed.token);
    return checked ? checked.then(() => partsOf(request, parsed)) : partsOf(request, parsed);
  }

  function partsOf(request: WebhookRequest, parsed: ReturnType<typeof parseBody>): VerifiedParts {
    const { type, id } = nameOf(parsed);
    const retryNum = request.headers.get("x-slack-retry-num");
    const payload = parsed.payload;
    return {
      type,
      id,
      payload,
      meta: {
        retryNum: retryNum !== null && /^\d+$/.test(retryNum.trim()) ? Number(retryNum) : undefined,
        retryReason: request.headers.get("x-slack-retry-reason") ?? undefined,
        teamId: teamIdOf(payload),
        ...(parsed.kind === "form" && typeof payload.command === "string"
          ? { command: payload.command }
          : {}),
      },
    };
  }
}
