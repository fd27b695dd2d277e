import {
  defineSignedReceiver,
  formToObject,
  mediaType,
  parseForm,
  parseJsonObject,
  type Receiver,
  requireHeader,
  type SecretInput,
  type SignatureScheme,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { GitHubEvents } from "./events.js";
import { githubScheme, githubSha1Scheme } from "./scheme.js";

const PACKAGE = "@hookwire/github";

/** Options of {@link github}. */
export interface GitHubOptions {
  /** The webhook secret; a list accepts any of them (rotation); a function looks it up per request. */
  secret: SecretInput;
  /**
   * Also accept the legacy `X-Hub-Signature` (HMAC-SHA1) when `X-Hub-Signature-256` is absent.
   * Off by default: SHA-1 is only for old GitHub Enterprise Server versions.
   */
  legacySha1?: boolean;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The GitHub receiver type. */
export type GitHubReceiver = Receiver<GitHubEvents, "github">;

/**
 * A receiver for GitHub webhooks (repositories, organisations, GitHub Apps).
 *
 * Verifies `X-Hub-Signature-256` (HMAC-SHA256 of the raw body, `sha256=` + hex) against every
 * configured secret, reads the event from `X-GitHub-Event` plus the body's `action`
 * (`issues.opened`, `push`), the id from `X-GitHub-Delivery`, and accepts JSON and
 * form-encoded (`payload=`) bodies. GitHub gives up after 10 s (`deadlineMs`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { github } from "@hookwire/github";
 *
 * const hooks = createWebhooks({ receivers: { github: github({ secret: process.env.GITHUB_WEBHOOK_SECRET! }) } });
 * hooks.on("github", "issues.opened", async (event) => {
 *   console.log(`#${event.payload.issue.number} ${event.payload.issue.title}`);
 * });
 * ```
 */
export function github(options: GitHubOptions): GitHubReceiver {
  const scheme: SignatureScheme = options?.legacySha1
    ? {
        verify: (request, secrets) =>
          (request.headers.get("x-hub-signature-256") === null ? githubSha1Scheme : githubScheme).verify(
            request,
            secrets,
          ),
        sign: (input) => githubScheme.sign(input),
      }
    : githubScheme;
  return defineSignedReceiver<GitHubEvents, "github">({
    provider: "github",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme,
    parse,
  });
}

/** After the signature check: the event type, the payload and the ids. */
function parse(request: WebhookRequest): VerifiedParts {
  const name = requireHeader(request, "x-github-event", PACKAGE);
  const type = mediaType(request);
  let payload: Record<string, unknown>;
  if (type === "application/json" || type === "") {
    payload = parseJsonObject(request.body, PACKAGE);
  } else if (type === "application/x-www-form-urlencoded") {
    const form = formToObject(parseForm(request.body));
    if (form.payload === undefined) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The form body has no "payload" field.`);
    }
    payload = parseJsonObject(form.payload, PACKAGE);
  } else {
    throw new WebhookError(
      "UNSUPPORTED_MEDIA_TYPE",
      `[${PACKAGE}] Content-Type "${type}" is not sent by GitHub; expected application/json or application/x-www-form-urlencoded.`,
    );
  }
  const action = payload.action;
  return {
    type: typeof action === "string" && action !== "" ? `${name}.${action}` : name,
    id: request.headers.get("x-github-delivery") ?? undefined,
    payload,
    // The X-GitHub-Hook-Installation-Target-* headers stay on event.request.headers: reading
    // headers is a measurable part of verification on small bodies.
    meta: { hookId: request.headers.get("x-github-hook-id") ?? undefined },
  };
}
