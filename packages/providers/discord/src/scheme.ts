import {
  assertTimestamp,
  type Clock,
  concatBytes,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  fromHex,
  type SignatureScheme,
  toHex,
  utf8,
  WebhookError,
} from "@hookwire/core";

const PACKAGE = "@hookwire/discord";
const KEY_HEX = /^[0-9a-fA-F]{64}$/;
const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;
const WHOLE_NUMBER = /^\d{1,16}$/;

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
  const tolerance = options.toleranceSeconds ?? Number.POSITIVE_INFINITY;
  const keys = new Map<string, Uint8Array>();
  const keyOf = (hex: string): Uint8Array => {
    let key = keys.get(hex);
    if (key === undefined) {
      key = discordKey(hex);
      if (keys.size >= 256) keys.clear();
      keys.set(hex, key);
    }
    return key;
  };
  return {
    async verify(request, publicKeys) {
      const signature = request.headers.get("x-signature-ed25519")?.trim();
      if (!signature) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The X-Signature-Ed25519 header is missing.`,
        );
      }
      const timestamp = request.headers.get("x-signature-timestamp")?.trim();
      if (timestamp === undefined || timestamp === "") {
        throw new WebhookError("HEADER_INVALID", `[${PACKAGE}] The X-Signature-Timestamp header is missing.`);
      }
      if (!SIGNATURE_HEX.test(signature)) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The X-Signature-Ed25519 header is not a 64-byte hex signature.`,
        );
      }
      const keyList = publicKeys.map(keyOf);
      const message = concatBytes(utf8(timestamp), request.body);
      const bytes = fromHex(signature)!;
      let matched = -1;
      for (let i = 0; i < keyList.length && matched < 0; i++) {
        if (await ed25519Verify(keyList[i]!, bytes, message)) matched = i;
      }
      if (matched >= 0 && tolerance !== Number.POSITIVE_INFINITY) {
        if (!WHOLE_NUMBER.test(timestamp)) {
          throw new WebhookError(
            "HEADER_INVALID",
            `[${PACKAGE}] The X-Signature-Timestamp header is not a whole number of seconds.`,
          );
        }
        assertTimestamp(Number(timestamp), {
          toleranceSeconds: tolerance,
          now: options.now,
          packageName: PACKAGE,
        });
      }
      return matched;
    },
    async sign(input) {
      const seed = discordKey(
        typeof input.secret === "string" ? input.secret : input.secret[0]!,
        "private seed",
      );
      const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = await ed25519Sign(seed, concatBytes(utf8(timestamp), input.body));
      return {
        headers: { "X-Signature-Ed25519": toHex(signature), "X-Signature-Timestamp": timestamp },
      };
    },
  };
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
