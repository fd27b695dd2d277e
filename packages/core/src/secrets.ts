import { WebhookError } from "./errors.js";
import type { WebhookRequest } from "./types.js";

/**
 * A secret: one string, several (every one is accepted, for rotation), or a function of the
 * request (sync or async) for multi-tenant apps that look the secret up per account.
 *
 * @example
 * ```ts
 * const secret: SecretInput = async (request) => lookUpSecret(new URL(request.url).searchParams.get("tenant"));
 * ```
 */
export type SecretInput =
  | string
  | readonly string[]
  | ((
      request: WebhookRequest,
    ) => string | readonly string[] | undefined | Promise<string | readonly string[] | undefined>);

/**
 * Resolve a {@link SecretInput} for a request to a non-empty list of secrets.
 * A missing or empty secret is a `CONFIGURATION_INVALID` error that names the fix.
 *
 * @example
 * ```ts
 * const secrets = await resolveSecrets(options.secret, request, "@hookwire/github");
 * ```
 */
export function resolveSecrets(
  input: SecretInput | undefined,
  request: WebhookRequest,
  packageName: string,
  optionName = "secret",
): Promise<string[]> | string[] {
  if (typeof input === "function") {
    return Promise.resolve(input(request)).then((value) => secretList(value, packageName, optionName));
  }
  return secretList(input, packageName, optionName);
}

function secretList(
  value: string | readonly string[] | undefined,
  packageName: string,
  optionName: string,
): string[] {
  const list = (typeof value === "string" ? [value] : (value ?? [])).filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
  if (list.length === 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] No ${optionName} is configured for this request. Pass { ${optionName}: "…" } (a string, a list for rotation, or a function of the request).`,
    );
  }
  return list;
}

/**
 * Check at construction time that a static secret option is present (functions are checked per request).
 *
 * @example
 * ```ts
 * assertSecretOption(options.secret, "@hookwire/github");
 * ```
 */
export function assertSecretOption(
  input: SecretInput | undefined,
  packageName: string,
  optionName = "secret",
): void {
  if (typeof input === "function") return;
  if (Array.isArray(input)) {
    // A rotation list from environment variables ([CURRENT, PREVIOUS]) may hold an unset one: skipped.
    let present = 0;
    for (let i = 0; i < input.length; i++) {
      const entry: unknown = input[i];
      if (entry === undefined || entry === null) continue;
      if (typeof entry !== "string" || entry.length === 0) {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[${packageName}] ${optionName}[${i}] is ${typeof entry === "string" ? "an empty string" : `not a string (${typeof entry})`}. Remove it from the list or give it the secret's value.`,
        );
      }
      present++;
    }
    if (present > 0) return;
  } else if (typeof input === "string" && input.length > 0) return;
  throw new WebhookError(
    "CONFIGURATION_INVALID",
    `[${packageName}] The ${optionName} option is missing or empty. Pass { ${optionName}: process.env.… } — a string, a list for rotation, or a function of the request.`,
  );
}

/**
 * {@link resolveSecrets} prepared once, when the receiver is created: a static secret (or list) is
 * checked and turned into its list then, so that verifying a request allocates nothing for it; a
 * function is still called per request.
 *
 * @example
 * ```ts
 * const secretsOf = secretResolver(options.secret, "@hookwire/github");
 * const found = secretsOf(request); // string[] for a static secret, a promise for a function
 * ```
 */
export function secretResolver(
  input: SecretInput | undefined,
  packageName: string,
  optionName = "secret",
): (request: WebhookRequest) => Promise<string[]> | string[] {
  if (typeof input === "function")
    return (request) => resolveSecrets(input, request, packageName, optionName);
  let list: string[] | undefined;
  try {
    list = secretList(input, packageName, optionName);
  } catch {
    // no usable static secret: refused per request, with the same coded error as resolveSecrets
    return (request) => resolveSecrets(input, request, packageName, optionName);
  }
  const fixed: readonly string[] = Object.freeze(list);
  return () => fixed as string[];
}
