import {
  concatBytes,
  ed25519PublicKey,
  ed25519Sign,
  randomBytes,
  toBase64,
  utf8,
  WebhookError,
} from "@hookwire/core";
import { standardWebhooksScheme } from "./scheme.js";
import { signingSeed } from "./secret.js";

const PACKAGE = "@hookwire/standard-webhooks";

/** What {@link signStandardWebhook} signs. */
export interface SignInput {
  /** The message id (`webhook-id`), the same across retries. */
  id: string;
  /** Unix seconds (`webhook-timestamp`). */
  timestamp: number;
  /** The exact body bytes (or string) sent. */
  body: string | Uint8Array;
  /** `whsec_…` secrets: one `v1` signature each (all of them during a rotation). */
  secrets?: readonly string[];
  /** `whsk_…` Ed25519 signing keys: one `v1a` signature each. */
  signingKeys?: readonly string[];
}

/** The bytes Standard Webhooks signs: `${id}.${timestamp}.${body}`. */
export function signedContent(id: string, timestamp: number | string, body: string | Uint8Array): Uint8Array {
  return concatBytes(`${id}.${timestamp}.`, body);
}

/**
 * The `webhook-signature` header value for a message: one `v1,<base64>` per secret and one
 * `v1a,<base64>` per signing key, space separated. This is what `@hookwire/sender` sends.
 *
 * @example
 * ```ts
 * const signature = await signStandardWebhook({ id: "msg_1", timestamp: 1614265330, body, secrets: [secret] });
 * // "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
 * ```
 */
export async function signStandardWebhook(input: SignInput): Promise<string> {
  const parts: string[] = [];
  if (input.secrets !== undefined && input.secrets.length > 0) {
    const { headers } = await standardWebhooksScheme.sign({
      body: typeof input.body === "string" ? utf8(input.body) : input.body,
      secret: input.secrets,
      id: input.id,
      timestamp: input.timestamp,
    });
    parts.push(headers["webhook-signature"]!);
  }
  if (input.signingKeys !== undefined && input.signingKeys.length > 0) {
    const content = signedContent(input.id, input.timestamp, input.body);
    for (const key of input.signingKeys)
      parts.push(`v1a,${toBase64(await ed25519Sign(signingSeed(key), content))}`);
  }
  if (parts.length === 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Nothing to sign with. Pass secrets: ["whsec_…"] and/or signingKeys: ["whsk_…"].`,
    );
  }
  return parts.join(" ");
}

/**
 * A new Ed25519 key pair for `v1a` signatures: the sender keeps `secretKey` (`whsk_…`), receivers get
 * `publicKey` (`whpk_…`). Asynchronous because deriving the public key goes through Web Crypto.
 *
 * @example
 * ```ts
 * const { secretKey, publicKey } = await generateSigningKeyPair();
 * ```
 */
export async function generateSigningKeyPair(): Promise<{ secretKey: string; publicKey: string }> {
  const seed = randomBytes(32);
  return { secretKey: `whsk_${toBase64(seed)}`, publicKey: `whpk_${toBase64(await ed25519PublicKey(seed))}` };
}
