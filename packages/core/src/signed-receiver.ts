import { WebhookError } from "./errors.js";
import { defineReceiver, type ReceiverDefinition, type VerifiedParts } from "./receiver.js";
import type { SignatureScheme } from "./scheme.js";
import { assertSecretOption, type SecretInput, secretResolver } from "./secrets.js";
import type { EventMap, Receiver, WebhookRequest } from "./types.js";

/** The definition of a receiver of one signature family, given to {@link defineSignedReceiver}. */
export interface SignedReceiverDefinition<TProvider extends string>
  extends Omit<ReceiverDefinition<TProvider>, "verify"> {
  /** The provider's scheme ({@link hmacScheme}, {@link sharedSecretScheme}, or one of its own). */
  scheme: SignatureScheme;
  /** The secrets: one, a list (rotation), or a function of the request (multi-tenant). */
  secret: SecretInput | undefined;
  /** The option's name in messages (default `secret`). */
  secretOption?: string;
  /**
   * Checks that need no secret and must refuse before the signature is computed (a method or a
   * media type the provider never sends).
   */
  precheck?(request: WebhookRequest): void;
  /** The event of an authentic request (`matched` is the index of the secret that matched). */
  parse(request: WebhookRequest, matched: number): VerifiedParts | Promise<VerifiedParts>;
  /** The message for a signature that matches no secret. */
  mismatch?: string;
}

/**
 * A receiver stated as a signature family plus what the provider's events look like: the secret
 * option is checked when the receiver is created, the secrets are resolved per request, the scheme
 * verifies (synchronously on Node for a static secret), and only an authentic request is parsed.
 *
 * @example
 * ```ts
 * export const acme = (options: { secret: SecretInput }) =>
 *   defineSignedReceiver<AcmeEvents, "acme">({
 *     provider: "acme",
 *     packageName: "@acme/hookwire-acme",
 *     secret: options.secret,
 *     scheme: hmacScheme({ packageName: "@acme/hookwire-acme", algorithm: "SHA-256", encoding: "hex", header: "x-acme-signature" }),
 *     parse: (request) => ({ type: "thing.happened", payload: parseJsonObject(request.body, "@acme/hookwire-acme") }),
 *   });
 * ```
 */
export function defineSignedReceiver<TEvents extends EventMap, TProvider extends string>(
  definition: SignedReceiverDefinition<TProvider>,
): Receiver<TEvents, TProvider> {
  const { scheme, parse, precheck, packageName } = definition;
  const option = definition.secretOption ?? "secret";
  assertSecretOption(definition.secret, packageName, option);
  const secretsOf = secretResolver(definition.secret, packageName, option);
  const mismatch = definition.mismatch ?? `[${packageName}] The signature does not match the body.`;
  const after = (request: WebhookRequest, matched: number): VerifiedParts | Promise<VerifiedParts> => {
    if (matched < 0) throw new WebhookError("SIGNATURE_INVALID", mismatch);
    return parse(request, matched);
  };
  const check = (request: WebhookRequest, secrets: readonly string[]) => {
    const matched = scheme.verify(request, secrets);
    return typeof matched === "number"
      ? after(request, matched)
      : matched.then((index) => after(request, index));
  };
  const {
    scheme: _scheme,
    secret: _secret,
    secretOption: _option,
    precheck: _precheck,
    parse: _parse,
    mismatch: _mismatch,
    ...rest
  } = definition;
  return defineReceiver<TEvents, TProvider>({
    ...rest,
    verify(request) {
      if (precheck) precheck(request);
      const found = secretsOf(request);
      return Array.isArray(found) ? check(request, found) : found.then((secrets) => check(request, secrets));
    },
  });
}
