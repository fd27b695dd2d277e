import { assertMediaType, optionalHeader, optionalString, parseJsonObject } from "./body.js";
import {
  assertCodeOption,
  assertMatch,
  assertNamedSecrets,
  basicSecrets,
  namedSecretOptions,
  type SharedSecretCheck,
  type SharedSecretOptions,
  sharedSecretCheck,
} from "./code-query.js";
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

/**
 * The options every receiver of a signed body takes; a provider's options extend it (restating
 * `secret` with what the secret is at that provider).
 *
 * @example
 * ```ts
 * export interface AcmeOptions extends SignedReceiverOptions {
 *   secret: SecretInput; // the webhook's signing secret (Settings → Webhooks)
 * }
 * ```
 */
export interface SignedReceiverOptions {
  /** The secret: one, a list (accepted while you rotate), or a function of the request (multi-tenant). */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** A JSON body as {@link defineSignedJsonReceiver} hands it to the definition's readers. */
export type JsonBody = Record<string, unknown>;

/** The definition of a receiver of a signed JSON body, given to {@link defineSignedJsonReceiver}. */
export interface SignedJsonReceiverDefinition<TProvider extends string>
  extends Omit<SignedReceiverDefinition<TProvider>, "secret" | "maxBodyBytes" | "parse"> {
  /** The user's options: the secret (checked when the receiver is created) and the body limit. */
  options: SignedReceiverOptions | undefined;
  /** Media types the provider sends, checked after the signature (default: any). */
  mediaTypes?: readonly string[];
  /**
   * The event type: the name of a body field, or a function of the body and the request. A missing
   * or empty type is `PAYLOAD_INVALID`.
   */
  type: string | ((body: JsonBody, request: WebhookRequest) => string | undefined);
  /** The message when the body names no type (default: `The body has no "<field>".`). */
  typeMissing?: string;
  /**
   * The event id: the name of a body field, a header (`{ header: "x-acme-event-id" }`), or a
   * function of the body, the request and the type. An empty one is no id.
   */
  id?:
    | string
    | { header: string }
    | ((body: JsonBody, request: WebhookRequest, type: string) => string | undefined);
  /** Provider extras (`event.meta`), from the body and the request. */
  meta?(body: JsonBody, request: WebhookRequest): Record<string, unknown>;
}

/**
 * A receiver of the commonest shape: a signed JSON object whose type and id are fields (or
 * headers). The definition states the scheme and where the type, the id and the extras are; the
 * secret and body limit come from the user's {@link SignedReceiverOptions}, the signature is checked
 * by {@link defineSignedReceiver}, and only then is the body parsed.
 *
 * @example
 * ```ts
 * export const acme = (options: SignedReceiverOptions) =>
 *   defineSignedJsonReceiver<AcmeEvents, "acme">({
 *     provider: "acme",
 *     packageName: "@acme/hookwire-acme",
 *     options,
 *     scheme: acmeScheme,
 *     type: "event_type",
 *     id: { header: "x-acme-delivery" },
 *     meta: (body) => ({ accountId: optionalString(body.account_id) }),
 *   });
 * ```
 */
export function defineSignedJsonReceiver<TEvents extends EventMap, TProvider extends string>(
  definition: SignedJsonReceiverDefinition<TProvider>,
): Receiver<TEvents, TProvider> {
  const { options, mediaTypes, type, typeMissing, id, meta, ...rest } = definition;
  const { packageName } = definition;
  const typeOf = typeof type === "string" ? (body: JsonBody) => optionalString(body[type]) : type;
  const missing =
    typeMissing ??
    `[${packageName}] ${typeof type === "string" ? `The body has no "${type}".` : "The body names no event type."}`;
  const idOf =
    id === undefined
      ? undefined
      : typeof id === "string"
        ? (body: JsonBody) => optionalString(body[id])
        : typeof id === "function"
          ? id
          : (_body: JsonBody, request: WebhookRequest) => optionalHeader(request, id.header);
  return defineSignedReceiver<TEvents, TProvider>({
    ...rest,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    parse(request) {
      if (mediaTypes !== undefined) assertMediaType(request, mediaTypes, packageName);
      const body = parseJsonObject(request.body, packageName);
      const name = typeOf(body, request);
      if (!name) throw new WebhookError("PAYLOAD_INVALID", missing);
      const parts: VerifiedParts = { type: name, id: idOf?.(body, request, name), payload: body };
      if (meta !== undefined) parts.meta = meta(body, request);
      return parts;
    },
  });
}

/** The definition of a shared-secret receiver, given to {@link defineSharedSecretReceiver}. */
export interface SharedSecretReceiverDefinition<TProvider extends string>
  extends Omit<ReceiverDefinition<TProvider>, "verify" | "handshake"> {
  /** The user's options: ASP.NET's `code` query secret and/or HTTP Basic credentials, and https rules. */
  options: SharedSecretOptions;
  /** Secrets in headers the user named (`{ "x-webhook-token": "…" }`), each required and compared. */
  headers?: Readonly<Record<string, SecretInput>> | undefined;
  /** The option's name for {@link SharedSecretReceiverDefinition.headers} in messages (default `header`). */
  headersOption?: string;
  /** Secrets in query parameters the user named, each required (https rules as for `code`). */
  query?: Readonly<Record<string, SecretInput>> | undefined;
  /** The option's name for {@link SharedSecretReceiverDefinition.query} in messages (default `query`). */
  queryOption?: string;
  /** What to say when no secret at all is configured: the options this provider takes. */
  configureHint?: string;
  /** Media types the provider sends (checked after authentication, before parsing). */
  mediaTypes?: readonly string[];
  /** Answer a handshake; `authenticate` checks the request's shared secrets first when the provider sends them. */
  handshake?(
    request: WebhookRequest,
    authenticate: (request: WebhookRequest) => Promise<void>,
  ): Promise<Response | undefined> | Response | undefined;
  /** The event of an authenticated request. */
  parse(request: WebhookRequest): VerifiedParts | Promise<VerifiedParts>;
}

/**
 * The shared-secret family stated once: providers that cannot sign (Azure Alerts, Kudu, Dynamics
 * CRM, WordPress, MailChimp, MyGet, IFTTT/Zapier…) are authenticated by ASP.NET's `code` query secret
 * (32–128 characters, https unless `allowHttp`/`trustProxy`), HTTP Basic credentials and/or secrets in
 * headers or query parameters the user names — every configured one required, each compared in
 * constant time through {@link sharedSecretScheme}. At least one must be configured, and a static
 * `code` is checked when the receiver is created.
 *
 * @example
 * ```ts
 * export const kudu = (options: SharedSecretOptions) =>
 *   defineSharedSecretReceiver<KuduEvents, "kudu">({
 *     provider: "kudu",
 *     packageName: "@hookwire/kudu",
 *     options,
 *     mediaTypes: ["application/json"],
 *     parse: (request) => ({ type: "success", payload: parseJsonObject(request.body, "@hookwire/kudu") }),
 *   });
 * ```
 */
export function defineSharedSecretReceiver<TEvents extends EventMap, TProvider extends string>(
  definition: SharedSecretReceiverDefinition<TProvider>,
): Receiver<TEvents, TProvider> {
  const { options, parse, packageName, headers, query } = definition;
  if (
    options?.code === undefined &&
    options?.basicAuth === undefined &&
    headers === undefined &&
    query === undefined
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Configure a secret: ${definition.configureHint ?? '{ code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), or { basicAuth: { username, password } }'}.`,
    );
  }
  assertCodeOption(options.code, packageName);
  assertNamedSecrets(headers, definition.headersOption ?? "header", packageName);
  assertNamedSecrets(query, definition.queryOption ?? "query", packageName);
  const checks: Array<{
    scheme: SharedSecretCheck;
    secretsOf: (request: WebhookRequest) => Promise<string[]> | string[];
  }> = [];
  if (options.basicAuth !== undefined) {
    const secrets = basicSecrets(options.basicAuth);
    checks.push({
      scheme: sharedSecretCheck({ packageName, transport: { kind: "basic" } }),
      secretsOf: () => secrets,
    });
  }
  const transport = {
    ...(options.allowHttp === undefined ? {} : { allowHttp: options.allowHttp }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  };
  if (options.code !== undefined) {
    checks.push({
      scheme: sharedSecretCheck({ packageName, transport: { kind: "query" }, ...transport }),
      secretsOf: secretResolver(options.code, packageName, "code"),
    });
  }
  for (const [where, named] of [
    ["header", headers],
    ["query", query],
  ] as const) {
    for (const [name, input] of Object.entries(named ?? {})) {
      checks.push({
        scheme: sharedSecretCheck(namedSecretOptions(name, where, transport, packageName)),
        secretsOf: secretResolver(input, packageName, `${where} "${name}"`),
      });
    }
  }
  const authenticate = async (request: WebhookRequest): Promise<void> => {
    for (const { scheme, secretsOf } of checks) assertMatch(scheme, request, await secretsOf(request));
  };
  const {
    options: _options,
    parse: _parse,
    headers: _headers,
    headersOption: _headersOption,
    query: _query,
    queryOption: _queryOption,
    configureHint: _hint,
    mediaTypes,
    handshake,
    ...rest
  } = definition;
  return defineReceiver<TEvents, TProvider>({
    ...rest,
    ...(handshake === undefined ? {} : { handshake: (request) => handshake(request, authenticate) }),
    async verify(request) {
      await authenticate(request);
      if (mediaTypes !== undefined) assertMediaType(request, mediaTypes, packageName);
      return parse(request);
    },
  });
}
