import {
  assertCodeOption,
  assertMediaType,
  assertSecretOption,
  type CodeTransportOptions,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  requireHeader,
  resolveSecrets,
  type SecretInput,
  verifyCodeQuery,
  verifyHmac,
  WebhookError,
} from "@hookwire/core";
import type { BitbucketEvents } from "./events.js";

const PACKAGE = "@hookwire/bitbucket";

/** Options of {@link bitbucket}. */
export interface BitbucketOptions extends CodeTransportOptions {
  /**
   * The webhook secret set in Bitbucket (checked in `X-Hub-Signature: sha256=…`); a list accepts
   * any of them; a function looks it up per request.
   */
  secret?: SecretInput;
  /**
   * ASP.NET WebHooks' scheme: a 32–128 character secret carried in the webhook URL as `?code=…`.
   * For webhooks created without a secret; with `secret` as well, both must match.
   */
  code?: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Bitbucket receiver type. */
export type BitbucketReceiver = Receiver<BitbucketEvents, "bitbucket">;

/**
 * A receiver for Bitbucket Cloud webhooks.
 *
 * Verifies `X-Hub-Signature` (`sha256=` + hex HMAC-SHA256 of the raw body under the webhook secret)
 * and/or the `?code=` query secret of ASP.NET WebHooks. The type is `X-Event-Key` (`repo:push`,
 * `pullrequest:created`…), the id `X-Request-UUID`; `X-Hook-UUID` and `X-Attempt-Number` are on
 * `event.meta`. Bitbucket gives up after 10 s.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { bitbucket } from "@hookwire/bitbucket";
 *
 * const hooks = createWebhooks({ receivers: { bitbucket: bitbucket({ secret: process.env.BITBUCKET_WEBHOOK_SECRET! }) } });
 * hooks.on("bitbucket", "pullrequest:created", (event) => console.log(event.payload.pullrequest.title));
 * ```
 */
export function bitbucket(options: BitbucketOptions): BitbucketReceiver {
  if (options?.secret === undefined && options?.code === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The secret option is missing. Set a secret on the Bitbucket webhook and pass { secret: process.env.BITBUCKET_WEBHOOK_SECRET } (or { code } for ?code= URLs).`,
    );
  }
  if (options.secret !== undefined) assertSecretOption(options.secret, PACKAGE);
  if (options.code !== undefined) assertCodeOption(options.code, PACKAGE);
  return defineReceiver<BitbucketEvents, "bitbucket">({
    provider: "bitbucket",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      if (options.code !== undefined)
        await verifyCodeQuery(
          request,
          { code: options.code, allowHttp: options.allowHttp, trustProxy: options.trustProxy },
          PACKAGE,
        );
      if (options.secret !== undefined) {
        const header = request.headers.get("x-hub-signature");
        if (header === null || header.trim() === "") {
          throw new WebhookError(
            "SIGNATURE_MISSING",
            `[${PACKAGE}] The X-Hub-Signature header is missing. Set the same secret on the Bitbucket webhook.`,
          );
        }
        if (!header.startsWith("sha256=")) {
          throw new WebhookError(
            "SIGNATURE_INVALID",
            `[${PACKAGE}] The signature does not start with "sha256=".`,
          );
        }
        const secrets = await resolveSecrets(options.secret, request, PACKAGE);
        if ((await verifyHmac("SHA-256", secrets, request.body, header.slice(7), "hex")) < 0) {
          throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
        }
      }
      const type = requireHeader(request, "x-event-key", PACKAGE).trim();
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject(request.body, PACKAGE);
      const attempt = request.headers.get("x-attempt-number");
      return {
        type,
        id: request.headers.get("x-request-uuid") ?? undefined,
        payload,
        meta: {
          hookUuid: request.headers.get("x-hook-uuid") ?? undefined,
          attemptNumber: attemptNumberOf(attempt),
        },
      };
    },
  });
}

/** `X-Attempt-Number` as a positive integer, or `undefined` when it is missing or not one (never `NaN`). */
function attemptNumberOf(header: string | null): number | undefined {
  if (header === null || !/^\s*[0-9]{1,9}\s*$/.test(header)) return undefined;
  const value = Number(header);
  return value >= 1 ? value : undefined;
}
