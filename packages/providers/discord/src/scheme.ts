import {
  asymmetricScheme,
  type Clock,
  ed25519PublicKey,
  fromHex,
  type SignatureScheme,
  toHex,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/discord";
const KEY_HEX = /^[0-9a-fA-F]{64}$/;

/** Options of {@link discordSchemeWith}. */
export interface DiscordSchemeOptions {
  /**
   * Refuse a signed `X-Signature-Timestamp` more than this many seconds from now (checked after the
   * signature). Discord mandates no window; off (`Infinity`) by default.
   */
  toleranceSeconds?: number;
  /** The clock (tests). */
  now?: Clock;
}

/**
 * The raw 32-byte Ed25519 key of a hex string (Discord shows the application's public key, and
 * Hookwire's test helpers take the private seed, as 64 hex characters).
 *
 * @example
 * ```ts
 * discordKey("f2a0…", "publicKey"); // Uint8Array(32)
 * ```
 */
export function discordKey(hex: string, option = "publicKey"): Uint8Array {
  if (typeof hex !== "string" || !KEY_HEX.test(hex.trim())) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The ${option} must be 64 hex characters (the application's Ed25519 key as the Discord developer portal shows it).`,
    );
  }
  return fromHex(hex.trim())!;
}

/**
 * Discord's scheme with options (a timestamp window); see {@link discordScheme}.
 *
 * @example
 * ```ts
 * const scheme = discordSchemeWith({ toleranceSeconds: 300 });
 * ```
 */
export function discordSchemeWith(options: DiscordSchemeOptions = {}): SignatureScheme {
  return asymmetricScheme({
    packageName: PACKAGE,
    algorithm: "Ed25519",
    header: "X-Signature-Ed25519",
    encoding: "hex",
    publicKey: (hex) => discordKey(hex),
    privateKey: (hex) => discordKey(hex, "private seed"),
    timestamp: {
      header: "X-Signature-Timestamp",
      toleranceSeconds: options.toleranceSeconds ?? Number.POSITIVE_INFINITY,
      ...(options.now === undefined ? {} : { now: options.now }),
      // Discord's libraries sign the header's text as it is; it must be seconds only for a window
      wholeNumber: false,
    },
  });
}

/**
 * Discord's request signature: `X-Signature-Ed25519` is the hex Ed25519 signature of
 * `X-Signature-Timestamp` followed by the raw body, under the application's key. `verify` takes the
 * application public keys (hex); `sign` takes a private seed (hex) — Discord keeps the application's
 * own private key, so signing is for tests and local tools.
 *
 * @example
 * ```ts
 * const matched = await discordScheme.verify(request, [process.env.DISCORD_PUBLIC_KEY!]); // 0, or -1
 * ```
 */
export const discordScheme: SignatureScheme = discordSchemeWith();

/**
 * The hex public key of a hex Ed25519 private seed: what the Discord developer portal would show
 * for an application signing with that seed.
 *
 * @example
 * ```ts
 * const publicKey = await discordPublicKey(seedHex);
 * ```
 */
export async function discordPublicKey(privateSeedHex: string): Promise<string> {
  return toHex(await ed25519PublicKey(discordKey(privateSeedHex, "private seed")));
}
