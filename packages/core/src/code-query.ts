import { timingSafeEqual, timingSafeEqualString } from "./crypto/index.js";
import { fromBase64, utf8 } from "./encoding.js";
import { WebhookError } from "./errors.js";
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
  assertHttps(request, options, packageName);
  const codes = await resolveSecrets(options.code, request, packageName, "code");
  for (const code of codes) assertCodeLength(code, packageName);
  const parameter = options.parameter ?? "code";
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
  let matched = false;
  for (const code of codes) matched = timingSafeEqualString(received, code) || matched;
  if (!matched) {
    throw new WebhookError(
      "SIGNATURE_INVALID",
      `[${packageName}] The '${parameter}' query parameter does not match.`,
    );
  }
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
  const header = request.headers.get("authorization");
  if (!header || !/^basic\s+/i.test(header)) {
    throw new WebhookError(
      "SIGNATURE_MISSING",
      `[${packageName}] Basic authentication credentials are missing.`,
    );
  }
  // The credentials are UTF-8 bytes in base64 (RFC 7617): compare bytes, so a non-ASCII password matches.
  const decoded = fromBase64(header.replace(/^basic\s+/i, "").trim());
  if (decoded === undefined) {
    throw new WebhookError("SIGNATURE_INVALID", `[${packageName}] The Authorization header is malformed.`);
  }
  let matched = false;
  for (const { username, password } of credentials) {
    matched = timingSafeEqual(decoded, utf8(`${username}:${password}`)) || matched;
  }
  if (!matched) throw new WebhookError("SIGNATURE_INVALID", `[${packageName}] Basic authentication failed.`);
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
    verifyBasicAuth(
      request,
      Array.isArray(options.basicAuth)
        ? options.basicAuth
        : [options.basicAuth as { username: string; password: string }],
      packageName,
    );
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
  let query: URLSearchParams | undefined;
  if (where === "query") {
    assertHttps(request, transport, packageName);
    try {
      query = new URL(request.url).searchParams;
    } catch {
      query = new URLSearchParams();
    }
  }
  for (const [name, input] of Object.entries(secrets)) {
    const expected = await resolveSecrets(input, request, packageName, `${where} "${name}"`);
    const received = where === "header" ? request.headers.get(name) : (query?.get(name) ?? null);
    const label = where === "header" ? `${name} header` : `'${name}' query parameter`;
    if (received === null || received === "") {
      throw new WebhookError("SIGNATURE_MISSING", `[${packageName}] The ${label} is missing.`);
    }
    let matched = false;
    for (const value of expected) matched = timingSafeEqualString(received, value) || matched;
    if (!matched)
      throw new WebhookError("SIGNATURE_INVALID", `[${packageName}] The ${label} does not match.`);
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
