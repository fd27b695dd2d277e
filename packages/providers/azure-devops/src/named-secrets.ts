import {
  resolveSecrets,
  type SecretInput,
  timingSafeEqualString,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";

/**
 * Check secrets the provider sends under names the user chose — HTTP headers or query parameters —
 * each compared in constant time against every configured value (a list for rotation, or a function
 * of the request). Every configured name must be present and match.
 *
 * @example
 * ```ts
 * await verifyNamedSecrets(request, { "x-api-key": process.env.API_KEY! }, "header", "@hookwire/azure-devops");
 * ```
 */
export async function verifyNamedSecrets(
  request: WebhookRequest,
  secrets: Readonly<Record<string, SecretInput>> | undefined,
  where: "header" | "query",
  packageName: string,
): Promise<void> {
  if (secrets === undefined) return;
  let query: URLSearchParams | undefined;
  if (where === "query") {
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
 * assertNamedSecrets(options.header, "header", "@hookwire/azure-devops");
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
