import { type SignatureScheme, sharedSecretScheme } from "@hookwire/core";

/**
 * Okta's event hook authentication for a header of your choice: Okta signs nothing, it sends the
 * static value you configured ("Authentication field" / "Authentication secret") in that header on
 * every request, compared in constant time.
 *
 * @example
 * ```ts
 * const scheme = oktaSchemeFor("x-okta-hook-secret");
 * ```
 */
export function oktaSchemeFor(header: string): SignatureScheme {
  return sharedSecretScheme({ packageName: "@hookwire/okta", transport: { kind: "header", header } });
}

/**
 * Okta's event hook authentication in the default header, `Authorization`.
 *
 * @example
 * ```ts
 * const matched = await oktaScheme.verify(request, [process.env.OKTA_HOOK_SECRET!]);
 * ```
 */
export const oktaScheme: SignatureScheme = oktaSchemeFor("authorization");
