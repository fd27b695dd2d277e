import { timingSafeEqual, timingSafeEqualString } from "./crypto/index.js";
import { fromBase64, toBase64, utf8 } from "./encoding.js";
import { WebhookError } from "./errors.js";
import type { SignatureScheme } from "./scheme.js";
import { assertSecretOption, resolveSecrets, type SecretInput } from "./secrets.js";
import type { WebhookRequest } from "./types.js";

/** The shortest `code` secret accepted, as in ASP.NET WebHooks. */
export const MIN_CODE_LENGTH = 32;
/** The longest `code` secret accepted, as in ASP.NET WebHooks. */
export const MAX_CODE_LENGTH = 128;

/**
 * The `code` query-string secret scheme of ASP.NET WebHooks, for providers that cannot sign
 * (Azure Alerts, Kudu, Dynamics CRM, WordPress, MailChimp, IFTTT, Zapier…): the webhook URL
 * carries `?code=<secret>` and it is compared in constant time with the configured secrets.
 * Configured secrets must be 32–128 characters.
 *
 * @example
 * ```ts
 * await verifyCodeQuery(request, { code: process.env.KUDU_CODE }, "@hookwire/kudu");
 * ```
 */
export async function verifyCodeQuery(
  request: WebhookRequest,
  options: { code: SecretInput | undefined; parameter?: string } & CodeTransportOptions,
  packageName: string,
): Promise<void> {
  assertHttps(request, options, packageName); // before the code is looked up
  const codes = await resolveSecrets(options.code, request, packageName, "code");
  const transport = { kind: "query", parameter: options.parameter ?? "code", codeLength: true } as const;
  const https = { allowHttp: options.allowHttp, trustProxy: options.trustProxy };
  assertMatch(sharedSecretCheck({ packageName, transport, ...https }), request, codes);
}

/** How a receiver with a `code` query secret treats plain http. */
export interface CodeTransportOptions {
  /**
   * Accept the `code` secret over plain http. Off by default: a secret in a URL is readable by anyone
   * on the path, so only for local development.
   */
  allowHttp?: boolean;
  /**
   * TLS ends at a proxy you control: trust its `X-Forwarded-Proto` (or `Forwarded: proto=`) header to
   * say whether the client used https.
   */
  trustProxy?: boolean;
}

function assertCodeLength(code: string, packageName: string): void {
  if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] The code secret must be between ${MIN_CODE_LENGTH} and ${MAX_CODE_LENGTH} characters, got ${code.length}. Generate one with \`openssl rand -hex 32\`.`,
    );
  }
}

/** The scheme the client used: the URL's, or with `trustProxy` the proxy's forwarded one. */
function clientScheme(request: WebhookRequest, trustProxy: boolean | undefined): string {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-proto");
    if (forwarded) return forwarded.split(",")[0]!.trim().toLowerCase();
    const standard = request.headers.get("forwarded");
    const match = standard ? /(?:^|[;,\s])proto="?([a-z]+)/i.exec(standard) : null;
    if (match) return match[1]!.toLowerCase();
  }
  const colon = request.url.indexOf(":");
  return colon < 0 ? "" : request.url.slice(0, colon).toLowerCase();
}

/**
 * Refuse a request that carried a URL secret over plain http (`HTTPS_REQUIRED`), unless `allowHttp`;
 * with `trustProxy`, `X-Forwarded-Proto` says what the client used.
 *
 * @example
 * ```ts
 * assertHttps(request, { trustProxy: true }, "@hookwire/kudu");
 * ```
 */
export function assertHttps(
  request: WebhookRequest,
  options: CodeTransportOptions,
  packageName: string,
): void {
  if (options.allowHttp) return;
  if (clientScheme(request, options.trustProxy) === "https") return;
  throw new WebhookError(
    "HTTPS_REQUIRED",
    `[${packageName}] The request came over plain http, but its secret travels in the URL (?code=): use an https webhook URL. Behind a proxy that terminates TLS, pass { trustProxy: true } (X-Forwarded-Proto); for local development only, { allowHttp: true }.`,
  );
}

/**
 * HTTP Basic authentication check (constant-time) for providers that support it.
 *
 * @example
 * ```ts
 * verifyBasicAuth(request, [{ username: "azure", password: "…" }], "@hookwire/azure-alerts");
 * ```
 */
export function verifyBasicAuth(
  request: WebhookRequest,
  credentials: ReadonlyArray<{ username: string; password: string }>,
  packageName: string,
): void {
  const basic = sharedSecretCheck({ packageName, transport: { kind: "basic" } });
  assertMatch(basic, request, basicSecrets(credentials));
}

/** The shared-secret options of providers that cannot sign: ASP.NET's `code` query secret and/or HTTP Basic. */
export interface SharedSecretOptions extends CodeTransportOptions {
  /** ASP.NET WebHooks' `code` query secret (32–128 characters): the webhook URL ends in `?code=<secret>`. */
  code?: SecretInput;
  /** HTTP Basic credentials the provider sends (one pair, or several for rotation). */
  basicAuth?: { username: string; password: string } | ReadonlyArray<{ username: string; password: string }>;
}

/**
 * Check at construction time that at least one shared secret is configured.
 *
 * @example
 * ```ts
 * assertSharedSecret(options, "@hookwire/kudu");
 * ```
 */
export function assertSharedSecret(options: SharedSecretOptions | undefined, packageName: string): void {
  if (options?.code === undefined && options?.basicAuth === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), or { basicAuth: { username, password } }.`,
    );
  }
  assertCodeOption(options.code, packageName);
}

/**
 * Check a static `code` secret when the receiver is created: present, and every value 32–128
 * characters (`CONFIGURATION_INVALID` naming the fix, instead of a 500 at the first request).
 * A function is checked per request.
 *
 * @example
 * ```ts
 * assertCodeOption(options.code, "@hookwire/kudu");
 * ```
 */
export function assertCodeOption(code: SecretInput | undefined, packageName: string): void {
  if (code === undefined || typeof code === "function") return;
  assertSecretOption(code, packageName, "code");
  for (const value of typeof code === "string" ? [code] : code) {
    if (typeof value === "string") assertCodeLength(value, packageName);
  }
}

/**
 * Authenticate a request by every configured shared secret: the `code` query parameter and/or HTTP
 * Basic credentials, each compared in constant time.
 *
 * @example
 * ```ts
 * await verifySharedSecret(request, { code: process.env.KUDU_CODE }, "@hookwire/kudu");
 * ```
 */
export async function verifySharedSecret(
  request: WebhookRequest,
  options: SharedSecretOptions,
  packageName: string,
): Promise<void> {
  if (options.basicAuth !== undefined) {
    const basic = sharedSecretCheck({ packageName, transport: { kind: "basic" } });
    assertMatch(basic, request, basicSecrets(options.basicAuth));
  }
  if (options.code !== undefined) {
    await verifyCodeQuery(
      request,
      { code: options.code, allowHttp: options.allowHttp, trustProxy: options.trustProxy },
      packageName,
    );
  }
}

/**
 * Check secrets the provider sends under names the user chose — HTTP headers or query parameters —
 * each compared in constant time against every configured value (a list for rotation, or a function
 * of the request). Every configured name must be present and match.
 *
 * @example
 * ```ts
 * await verifyNamedSecrets(request, { "x-api-key": process.env.API_KEY! }, "header", "@hookwire/my-provider");
 * ```
 */
export async function verifyNamedSecrets(
  request: WebhookRequest,
  secrets: Readonly<Record<string, SecretInput>> | undefined,
  where: "header" | "query",
  packageName: string,
  transport: CodeTransportOptions = {},
): Promise<void> {
  if (secrets === undefined) return;
  if (where === "query") assertHttps(request, transport, packageName); // before any secret is looked up
  for (const [name, input] of Object.entries(secrets)) {
    const expected = await resolveSecrets(input, request, packageName, `${where} "${name}"`);
    assertMatch(
      sharedSecretCheck(namedSecretOptions(name, where, transport, packageName)),
      request,
      expected,
    );
  }
}

/**
 * Throw `CONFIGURATION_INVALID` when a map of named secrets is empty or has an empty name.
 *
 * @example
 * ```ts
 * assertNamedSecrets(options.header, "header", "@hookwire/my-provider");
 * ```
 */
export function assertNamedSecrets(
  secrets: Readonly<Record<string, SecretInput>> | undefined,
  option: string,
  packageName: string,
): void {
  if (secrets === undefined) return;
  const names = Object.keys(secrets);
  if (names.length === 0 || names.some((name) => name.trim() === "")) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] The ${option} option needs at least one non-empty name. Pass { ${option}: { "x-api-key": process.env.… } }.`,
    );
  }
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value === "function") continue;
    const list = typeof value === "string" ? [value] : value;
    if (list.length === 0 || list.some((s) => typeof s !== "string" || s.length === 0)) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${packageName}] The ${option} value for "${name}" is empty. Pass a non-empty string, a list for rotation, or a function of the request.`,
      );
    }
  }
}
/** Where a shared secret travels; see {@link sharedSecretScheme}. */
export type SharedSecretTransport =
  | {
      /** ASP.NET's `?code=<secret>` (or another query parameter): https required, see `allowHttp`. */
      kind: "query";
      /** The parameter (default `code`). */
      parameter?: string;
      /** Enforce ASP.NET's 32–128 characters (default true for `code`). */
      codeLength?: boolean;
    }
  | {
      /** A header that carries the secret as is (GitLab's `X-Gitlab-Token`, Telegram's secret token). */
      kind: "header";
      /** The header. */
      header: string;
      /** A prefix before the secret (`Bearer `), compared case-insensitively. */
      prefix?: string;
    }
  | {
      /** HTTP Basic: each secret is `username:password` (UTF-8). */
      kind: "basic";
    };

/** Options of {@link sharedSecretScheme}. */
export interface SharedSecretSchemeOptions extends CodeTransportOptions {
  /** The package name, for error messages. */
  packageName: string;
  /** Where the secret travels. */
  transport: SharedSecretTransport;
}

/**
 * The shared-secret family: providers that cannot sign send a secret the receiver compares in
 * constant time — in the query (ASP.NET's `code`, refused over plain http unless `allowHttp` or
 * `trustProxy` says otherwise), in a header, or as HTTP Basic credentials.
 *
 * @example
 * ```ts
 * const scheme = sharedSecretScheme({ packageName: "@hookwire/kudu", transport: { kind: "query" } });
 * const scheme2 = sharedSecretScheme({ packageName: "@hookwire/gitlab", transport: { kind: "header", header: "x-gitlab-token" } });
 * ```
 */
export function sharedSecretScheme(options: SharedSecretSchemeOptions): SignatureScheme {
  return sharedSecretCheck(options);
}

/**
 * A {@link sharedSecretScheme} as the helpers and receivers of this family use it: comparing a secret
 * needs no crypto, so `verify` answers synchronously, and the scheme knows its refusal.
 */
export interface SharedSecretCheck extends SignatureScheme {
  verify(request: WebhookRequest, secrets: readonly string[]): number;
  /** The message when no configured secret matches (`SIGNATURE_INVALID`). */
  mismatch: string;
}

/** The one implementation of the shared-secret family (see {@link sharedSecretScheme}). */
export function sharedSecretCheck(options: SharedSecretSchemeOptions): SharedSecretCheck {
  const { packageName, transport } = options;
  if (transport.kind === "query") {
    const parameter = transport.parameter ?? "code";
    const checkLength = transport.codeLength ?? parameter === "code";
    return {
      mismatch: `[${packageName}] The '${parameter}' query parameter does not match.`,
      verify(request, secrets) {
        assertHttps(request, options, packageName);
        if (checkLength) for (const secret of secrets) assertCodeLength(secret, packageName);
        let received: string | null = null;
        try {
          received = new URL(request.url).searchParams.get(parameter);
        } catch {
          received = null;
        }
        if (!received) {
          throw new WebhookError(
            "SIGNATURE_MISSING",
            `[${packageName}] The '${parameter}' query parameter is missing.`,
          );
        }
        return matchIndex(received, secrets);
      },
      async sign(input) {
        const url = new URL(input.url ?? "https://example.com/webhooks");
        url.searchParams.set(parameter, typeof input.secret === "string" ? input.secret : input.secret[0]!);
        return { headers: {}, url: url.toString() };
      },
    };
  }
  if (transport.kind === "header") {
    const prefix = transport.prefix ?? "";
    return {
      mismatch: `[${packageName}] The ${transport.header} header does not match.`,
      verify(request, secrets) {
        let received = request.headers.get(transport.header);
        if (received !== null && prefix !== "") {
          received =
            received.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()
              ? received.slice(prefix.length)
              : null;
        }
        if (received === null || received === "") {
          throw new WebhookError(
            "SIGNATURE_MISSING",
            `[${packageName}] The ${transport.header} header is missing.`,
          );
        }
        return matchIndex(received, secrets);
      },
      async sign(input) {
        const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
        return { headers: { [transport.header]: `${prefix}${secret}` } };
      },
    };
  }
  if (transport.kind !== "basic") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Unknown shared-secret transport ${JSON.stringify((transport as { kind: unknown }).kind)}: use "query", "header" or "basic".`,
    );
  }
  return {
    mismatch: `[${packageName}] Basic authentication failed.`,
    verify(request, secrets) {
      const header = request.headers.get("authorization");
      if (!header || !/^basic\s+/i.test(header)) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${packageName}] Basic authentication credentials are missing.`,
        );
      }
      // RFC 7617: UTF-8 bytes in base64; compared as bytes so a non-ASCII password matches.
      const decoded = fromBase64(header.replace(/^basic\s+/i, "").trim());
      if (decoded === undefined) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${packageName}] The Authorization header is malformed.`,
        );
      }
      let index = -1;
      for (let i = 0; i < secrets.length; i++) {
        if (timingSafeEqual(decoded, utf8(secrets[i]!)) && index < 0) index = i;
      }
      return index;
    },
    async sign(input) {
      const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
      return { headers: { authorization: `Basic ${toBase64(utf8(secret))}` } };
    },
  };
}

/** The index of the secret equal to `received`, comparing against all of them (constant time). */
function matchIndex(received: string, secrets: readonly string[]): number {
  let index = -1;
  for (let i = 0; i < secrets.length; i++) {
    if (timingSafeEqualString(received, secrets[i]!) && index < 0) index = i;
  }
  return index;
}

/** Throw the check's `SIGNATURE_INVALID` refusal unless one of `secrets` is in the request. */
export function assertMatch(
  check: SharedSecretCheck,
  request: WebhookRequest,
  secrets: readonly string[],
): void {
  if (check.verify(request, secrets) < 0) throw new WebhookError("SIGNATURE_INVALID", check.mismatch);
}

/** HTTP Basic credentials as the `username:password` secrets the Basic transport compares. */
export function basicSecrets(
  credentials: { username: string; password: string } | ReadonlyArray<{ username: string; password: string }>,
): string[] {
  const pairs = Array.isArray(credentials)
    ? credentials
    : [credentials as { username: string; password: string }];
  return pairs.map(({ username, password }) => `${username}:${password}`);
}

/** The scheme options of a secret under a name the user chose: a header, or a query parameter (https rules as for `code`, any length). */
export function namedSecretOptions(
  name: string,
  where: "header" | "query",
  transport: CodeTransportOptions,
  packageName: string,
): SharedSecretSchemeOptions {
  return where === "header"
    ? { packageName, transport: { kind: "header", header: name } }
    : { packageName, transport: { kind: "query", parameter: name, codeLength: false }, ...transport };
}
