import { timingSafeEqualString } from "./crypto/index.js";
import { WebhookError } from "./errors.js";
import { resolveSecrets, type SecretInput } from "./secrets.js";
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
  options: { code: SecretInput | undefined; parameter?: string },
  packageName: string,
): Promise<void> {
  const codes = await resolveSecrets(options.code, request, packageName, "code");
  for (const code of codes) {
    if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${packageName}] The code secret must be between ${MIN_CODE_LENGTH} and ${MAX_CODE_LENGTH} characters. Generate one with \`openssl rand -hex 32\`.`,
      );
    }
  }
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
  let decoded = "";
  try {
    decoded = atob(header.replace(/^basic\s+/i, "").trim());
  } catch {
    throw new WebhookError("SIGNATURE_INVALID", `[${packageName}] The Authorization header is malformed.`);
  }
  let matched = false;
  for (const { username, password } of credentials) {
    matched = timingSafeEqualString(decoded, `${username}:${password}`) || matched;
  }
  if (!matched) throw new WebhookError("SIGNATURE_INVALID", `[${packageName}] Basic authentication failed.`);
}

/** The shared-secret options of providers that cannot sign: ASP.NET's `code` query secret and/or HTTP Basic. */
export interface SharedSecretOptions {
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
  if (options.code !== undefined) await verifyCodeQuery(request, { code: options.code }, packageName);
}
