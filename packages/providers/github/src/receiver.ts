import {
  assertSecretOption,
  defineReceiver,
  formToObject,
  mediaType,
  parseForm,
  parseJsonObject,
  type Receiver,
  requireHeader,
  type SecretInput,
  secretResolver,
  type VerifiedParts,
  verifyHmacNow,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { GitHubEvents } from "./events.js";

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
  assertSecretOption(options?.secret, PACKAGE);
  const secretsOf = secretResolver(options.secret, PACKAGE);
  /** After the signature check: the event type, the payload and the ids. */
  const parts = (request: WebhookRequest, matched: number): VerifiedParts => {
    if (matched < 0) {
      throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
    }
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
  };
  return defineReceiver<GitHubEvents, "github">({
    provider: "github",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    // Synchronous on Node with a static secret: no promise step before or after the signature check.
    verify(request) {
      let header = request.headers.get("x-hub-signature-256");
      let algorithm: "SHA-256" | "SHA-1" = "SHA-256";
      let prefix = "sha256=";
      if (header === null && options.legacySha1) {
        header = request.headers.get("x-hub-signature");
        algorithm = "SHA-1";
        prefix = "sha1=";
      }
      if (header === null || header.trim() === "") {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The X-Hub-Signature-256 header is missing. Set a secret on the GitHub webhook.`,
        );
      }
      if (!header.startsWith(prefix)) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The signature header does not start with "${prefix}".`,
        );
      }
      const signature = header.slice(prefix.length);
      const found = secretsOf(request);
      if (!Array.isArray(found)) {
        return found.then(async (secrets) =>
          parts(request, await verifyHmacNow(algorithm, secrets, request.body, signature, "hex")),
        );
      }
      const matched = verifyHmacNow(algorithm, found, request.body, signature, "hex");
      return typeof matched === "number"
        ? parts(request, matched)
        : matched.then((index) => parts(request, index));
    },
  });
}
