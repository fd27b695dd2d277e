import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * What a signed token carries: who it is for, what it allows, when it ends, and the CSRF token bound
 * to it. `kind` is `operator` (dashboard session, from the API key) or `portal` (one owner's link).
 */
export interface TokenClaims {
  kind: "operator" | "portal";
  /** The owner (tenant) every query made with the token is scoped to. */
  owner: string;
  /** Expiry, ms since epoch. */
  exp: number;
  /** A random value that non-GET requests must echo in `x-csrf-token`. */
  csrf: string;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * Signs and verifies short tokens (`<claims>.<hmac>`, HMAC-SHA256) for dashboard sessions and portal
 * links. Tokens are stateless: any process that has the same signing key accepts them.
 *
 * @example
 * ```ts
 * const signer = tokenSigner(sessionKeyFrom(apiKeys));
 * const token = signer.sign({ kind: "operator", owner: "", exp: Date.now() + 3600_000, csrf: newCsrf() });
 * signer.verify(token, "operator"); // the claims, or undefined
 * ```
 */
export function tokenSigner(key: Buffer) {
  const mac = (data: string) => createHmac("sha256", key).update(data).digest();
  return {
    sign(claims: TokenClaims): string {
      const body = b64(JSON.stringify(claims));
      return `${body}.${b64(mac(body))}`;
    },
    verify(token: string | undefined, kind: TokenClaims["kind"], now = Date.now()): TokenClaims | undefined {
      if (!token || token.length > 2048) return undefined;
      const dot = token.indexOf(".");
      if (dot < 1) return undefined;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), "base64url");
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let claims: TokenClaims;
      try {
        claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenClaims;
      } catch {
        return undefined;
      }
      if (claims.kind !== kind || typeof claims.owner !== "string" || !(claims.exp > now)) return undefined;
      return claims;
    },
  };
}

/** A signer as made by {@link tokenSigner}. */
export type TokenSigner = ReturnType<typeof tokenSigner>;

/**
 * The signing key for sessions and portal links, derived from the API keys (so every API node that
 * shares the keys accepts the same sessions, and changing the keys ends every session).
 *
 * @example
 * ```ts
 * const key = sessionKeyFrom([{ key: process.env.HOOKWIRE_API_KEY! }]);
 * ```
 */
export function sessionKeyFrom(apiKeys: readonly { key: string; owner?: string }[]): Buffer {
  const mac = createHmac("sha256", "hookwire-session-v1");
  for (const k of apiKeys) mac.update(`${k.owner ?? ""}\0${k.key}\0`);
  return mac.digest();
}

/** A fresh CSRF token. */
export const newCsrf = (): string => randomBytes(18).toString("base64url");

/** Name of the dashboard session cookie. */
export const SESSION_COOKIE = "hookwire_session";

/** A cookie's value from a `Cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A `Set-Cookie` value for the session: HttpOnly, SameSite=Strict, Secure over https. */
export function sessionCookie(
  value: string,
  options: { path: string; secure: boolean; maxAgeS: number },
): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${options.path}`,
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${options.maxAgeS}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}
