import {
  assertCodeOption,
  assertMediaType,
  type CodeTransportOptions,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  requireHeader,
  type SecretInput,
  type SignatureScheme,
  type VerifiedParts,
  verifyCodeQuery,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { BitbucketEvents } from "./events.js";
import { bitbucketCodeScheme, bitbucketScheme } from "./scheme.js";

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
  if (options.code !== undefined) assertCodeOption(options.code, PACKAGE);
  const transport = { allowHttp: options.allowHttp, trustProxy: options.trustProxy };
  const common = {
    provider: "bitbucket" as const,
    packageName: PACKAGE,
    deadlineMs: 10_000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    parse,
  };
  if (options.secret === undefined) {
    // ASP.NET's ?code= alone: the shared-secret family, the code as the secret.
    return defineSignedReceiver<BitbucketEvents, "bitbucket">({
      ...common,
      secret: options.code,
      secretOption: "code",
      scheme: bitbucketCodeScheme(transport),
      mismatch: `[${PACKAGE}] The 'code' query parameter does not match.`,
    });
  }
  const code = options.code;
  // With both, the ?code= secret is checked first, then the signature.
  const scheme: SignatureScheme =
    code === undefined
      ? bitbucketScheme
      : {
          async verify(request, secrets) {
            await verifyCodeQuery(request, { code, ...transport }, PACKAGE);
            return bitbucketScheme.verify(request, secrets);
          },
          sign: (input) => bitbucketScheme.sign(input),
        };
  return defineSignedReceiver<BitbucketEvents, "bitbucket">({
    ...common,
    secret: options.secret,
    scheme,
  });
}

/** After the authentication: the `X-Event-Key` type, the `X-Request-UUID` id and the hook's headers. */
function parse(request: WebhookRequest): VerifiedParts {
  const type = requireHeader(request, "x-event-key", PACKAGE).trim();
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  return {
    type,
    id: request.headers.get("x-request-uuid") ?? undefined,
    payload,
    meta: {
      hookUuid: request.headers.get("x-hook-uuid") ?? undefined,
      attemptNumber: attemptNumberOf(request.headers.get("x-attempt-number")),
    },
  };
}

/** `X-Attempt-Number` as a positive integer, or `undefined` when it is missing or not one (never `NaN`). */
function attemptNumberOf(header: string | null): number | undefined {
  if (header === null || !/^\s*[0-9]{1,9}\s*$/.test(header)) return undefined;
  const value = Number(header);
  return value >= 1 ? value : undefined;
}
