import { type ProviderDescriptor, type TestRequestInput, testRequest, toHex } from "@hookwire/core";
import { discord } from "./receiver.js";
import { discordPublicKey, discordScheme } from "./scheme.js";

/**
 * A fixed Ed25519 private seed (hex) for tests: RFC 8032 §7.1 TEST 1's secret key. Never use it for a
 * real application. Its public key is `d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a`.
 */
export const DISCORD_TEST_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

/**
 * A fresh random Ed25519 private seed (hex) and its public key (hex), for tests.
 *
 * @example
 * ```ts
 * const { privateSeed, publicKey } = await discordTestKeys();
 * const receiver = discord({ publicKey });
 * ```
 */
export async function discordTestKeys(): Promise<{ privateSeed: string; publicKey: string }> {
  const privateSeed = toHex(crypto.getRandomValues(new Uint8Array(32)));
  return { privateSeed, publicKey: await discordPublicKey(privateSeed) };
}

/**
 * A Discord request signed as Discord would sign it, for your own tests: `secret` is the private
 * seed (hex) whose public key (see `discordPublicKey`) the receiver is given.
 *
 * @example
 * ```ts
 * import { DISCORD_TEST_SEED, discordTestRequest } from "@hookwire/discord/testing";
 * const request = await discordTestRequest({ secret: DISCORD_TEST_SEED, payload: { type: 1, id: "1", token: "t", application_id: "2", version: 1 } });
 * ```
 */
export function discordTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(discordScheme, input, {
    url: "https://example.com/webhooks/discord",
    headers: { "user-agent": "Discord-Interactions/1.0 (+https://discord.com)" },
  });
}

/**
 * Discord for the `hookwire` CLI and other tools: the secret is an Ed25519 private seed in hex; the
 * receiver derives its public key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/discord/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: { type: 1, token: "t" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "discord",
  packageName: "@hookwire/discord",
  sign: discordTestRequest,
  receiver: (secret) => {
    // The receiver verifies with the seed's public key (derived once, on the first request).
    let key: Promise<string> | undefined;
    return discord({ publicKey: () => (key ??= discordPublicKey(secret)) });
  },
  secretIs: "an Ed25519 private seed (64 hex characters); the receiver uses its public key",
  exampleSecret: DISCORD_TEST_SEED,
  example: {
    payload: {
      type: 2,
      token: "A_UNIQUE_TOKEN",
      member: {
        user: {
          id: "53908232506183680",
          username: "Mason",
          avatar: "a_d5efa99b3eeaa7dd43acca82f5692432",
          discriminator: "1337",
          public_flags: 131141,
        },
        roles: ["539082325061836999"],
        premium_since: null,
        permissions: "2147483647",
        pending: false,
        nick: null,
        mute: false,
        joined_at: "2017-03-13T19:19:14.040000+00:00",
        is_pending: false,
        deaf: false,
      },
      id: "786008729715212338",
      guild_id: "290926798626357999",
      app_permissions: "442368",
      guild_locale: "en-US",
      locale: "en-US",
      data: {
        options: [{ type: 3, name: "cardname", value: "The Gitrog Monster" }],
        type: 1,
        name: "cardsearch",
        id: "771825006014889984",
      },
      channel_id: "645027906669510667",
      application_id: "771825006014889984",
      version: 1,
    },
  },
};
