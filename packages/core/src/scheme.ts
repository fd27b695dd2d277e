import {
  cryptoBackend,
  decodeBytes,
  ecdsaP256Sign,
  ecdsaP256Verify,
  ed25519Sign,
  ed25519Verify,
  encodeBytes,
  type HmacAlgorithm,
  hmac,
  type KeyInput,
  type MacInput,
  type SignatureEncoding,
  verifyHmacNow,
} from "./crypto/index.js";
import { concatBytes, utf8 } from "./encoding.js";
import { WebhookError } from "./errors.js";
import { assertTimestamp, type Clock, checkTolerance, DEFAULT_TOLERANCE_SECONDS } from "./timestamp.js";
import type { HeaderReader, WebhookRequest } from "./types.js";

/**
 * What a {@link SignatureScheme} signs: the body and the parts of the request the provider's scheme
 * covers. Test helpers, the CLI and the sender all sign through the same object the receiver
 * verifies with, so the two sides cannot drift apart.
 *
 * @example
 * ```ts
 * const { headers } = await scheme.sign({ body: utf8("{}"), secret: "s3cret", timestamp: 1700000000 });
 * ```
 */
export interface SignInput {
  /** The exact body bytes. */
  body: Uint8Array;
  /** The secret (or, during a rotation, every secret that signs). */
  secret: string | readonly string[];
  /** The signed timestamp in seconds (default now), for schemes that sign one. */
  timestamp?: number;
  /** The message id, for schemes that sign one. */
  id?: string;
  /** The URL the request goes to, for schemes that sign it or carry the secret in it. */
  url?: string;
  /** The HTTP method (default POST), for schemes that sign it. */
  method?: string;
}

/** What {@link SignatureScheme.sign} returns: headers to send and, for URL-borne secrets, the URL. */
export interface SignedParts {
  /** Headers to add to the request. */
  headers: Record<string, string>;
  /** The URL to send to, when the scheme changes it (the `?code=` secret). */
  url?: string;
}

/**
 * One signature scheme, both directions: `verify` checks a request against the configured secrets,
 * `sign` produces what the provider would send. Receivers, their `/testing` helpers and the sender
 * share one instance per scheme.
 *
 * @example
 * ```ts
 * const scheme = hmacScheme({ packageName: "@acme/hooks", algorithm: "SHA-256", encoding: "hex", header: "x-acme-signature" });
 * const matched = await scheme.verify(request, ["s3cret"]); // index of the secret, or -1
 * ```
 */
export interface SignatureScheme {
  /**
   * The index of the secret whose signature the request carries, or -1 when none matches — a number
   * where the check could run synchronously (Node, static secrets), a promise otherwise. Throws a
   * coded `WebhookError` when the signature is missing or malformed, or the signed timestamp is out
   * of tolerance (checked after the signature, so a forged timestamp is never reported as "expired").
   */
  verify(request: WebhookRequest, secrets: readonly string[]): number | Promise<number>;
  /** The headers (and URL) a provider sends for a body. */
  sign(input: SignInput): Promise<SignedParts>;
}

/** The signed parts of a request, given to {@link HmacSchemeOptions.content}. */
export interface SignedContent {
  /** The raw body. */
  body: Uint8Array;
  /** The timestamp as sent (the header's text), or "" when the scheme has none. */
  timestamp: string;
  /** The message id as sent, or "" when the scheme has none. */
  id: string;
  /** The request URL. */
  url: string;
  /** The request method. */
  method: string;
  /** The request headers (`null` when signing). */
  headers: HeaderReader | null;
}

/** A signature header read apart: the signatures it carries and, for some schemes, the timestamp. */
export interface ParsedSignature {
  /** Candidate signatures (any one matching is enough). */
  signatures: string[];
  /** A timestamp carried in the same header (`t=` of `t=…,v1=…`). */
  timestamp?: string | undefined;
}

/** How a provider signs with an HMAC in a header; see {@link hmacScheme}. */
export interface HmacSchemeOptions {
  /** The package name, for error messages. */
  packageName: string;
  /** The hash. */
  algorithm: HmacAlgorithm;
  /** How the MAC is written. Hex is compared in either case. */
  encoding: SignatureEncoding;
  /** The header that carries the signature (any case). */
  header: string;
  /** A prefix before the signature (`sha256=`): a header without it is refused. */
  prefix?: string;
  /**
   * Read a structured header (`t=…,v1=…,v1=…`) into its signatures and timestamp; return `undefined`
   * for a malformed one. Default: the prefix stripped, one signature.
   */
  parse?(value: string): ParsedSignature | undefined;
  /** Write the header from the signatures (one per secret) and the timestamp. Default: prefix + first. */
  format?(signatures: readonly string[], timestamp: string): string;
  /** The signed timestamp: where it is, its unit, and the tolerance (checked after the signature). */
  timestamp?: {
    /** The header carrying it; without one, {@link HmacSchemeOptions.parse} returns it. */
    header?: string;
    /** Seconds (default) or milliseconds since the epoch. */
    unit?: "s" | "ms";
    /** Seconds either way (default 300); `Infinity` turns the check off. */
    toleranceSeconds?: number;
    /** Clock (tests). */
    now?: Clock;
  };
  /** A header carrying a message id that is part of the signed content. */
  idHeader?: string;
  /** The signed bytes. Default: the body alone. */
  content?(parts: SignedContent): MacInput;
  /** The HMAC key of a secret. Default: the secret's UTF-8 bytes. */
  key?(secret: string): KeyInput;
  /** Appended to the "header is missing" message: how to turn signing on at the provider. */
  missingHint?: string;
}

const WHOLE_NUMBER = /^\d{1,16}$/;

/**
 * The HMAC-in-a-header family: GitHub, Shopify, Slack, Stripe, Zoom, Paddle, Linear and most
 * providers sign this way and differ only in the header, the prefix, the encoding and what is
 * signed. A provider package states those; this verifies in constant time against every secret
 * (rotation), synchronously on Node for a single signature, and checks the timestamp after the MAC.
 *
 * @example
 * ```ts
 * const scheme = hmacScheme({
 *   packageName: "@hookwire/github",
 *   algorithm: "SHA-256",
 *   encoding: "hex",
 *   header: "x-hub-signature-256",
 *   prefix: "sha256=",
 * });
 * ```
 */
export function hmacScheme(options: HmacSchemeOptions): SignatureScheme {
  const { packageName, algorithm, encoding, prefix = "", parse, content } = options;
  if (encoding !== "hex" && encoding !== "base64" && encoding !== "base64url") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Unknown signature encoding ${JSON.stringify(encoding)}: use "hex", "base64" or "base64url".`,
    );
  }
  const header = options.header.toLowerCase();
  const stamp = options.timestamp;
  const tolerance = stamp ? checkTolerance(stamp.toleranceSeconds, packageName) : DEFAULT_TOLERANCE_SECONDS;
  const keyOf = options.key;
  const cachedKey = keyOf ? cachedBySecret(keyOf) : undefined;
  const keyFor = (secret: string): KeyInput => (cachedKey ? cachedKey(secret) : secret);
  const headerName = options.header;

  const readSignatures = (value: string): ParsedSignature => {
    if (parse) {
      const parsed = parse(value);
      if (parsed === undefined || parsed.signatures.length === 0) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${packageName}] The ${headerName} header is malformed.`,
        );
      }
      return parsed;
    }
    if (prefix !== "" && !value.startsWith(prefix)) {
      throw new WebhookError(
        "SIGNATURE_INVALID",
        `[${packageName}] The ${headerName} header does not start with "${prefix}".`,
      );
    }
    return { signatures: [prefix === "" ? value : value.slice(prefix.length)] };
  };

  const checkTimestamp = (text: string): void => {
    if (!stamp || tolerance === Number.POSITIVE_INFINITY) return;
    const value = Number(text);
    assertTimestamp(stamp.unit === "ms" ? value / 1000 : value, {
      toleranceSeconds: tolerance,
      now: stamp.now,
      packageName,
    });
  };

  const keysFor = (secrets: readonly string[]): readonly KeyInput[] =>
    keyOf ? secrets.map(keyFor) : secrets;

  return {
    verify(request, secrets) {
      const value = request.headers.get(header);
      if (value === null || value.trim() === "") {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${packageName}] The ${headerName} header is missing.${options.missingHint ? ` ${options.missingHint}` : ""}`,
        );
      }
      const parsed = readSignatures(value.trim());
      let timestamp = "";
      if (stamp) {
        const raw = stamp.header === undefined ? parsed.timestamp : request.headers.get(stamp.header);
        if (raw === undefined || raw === null || !WHOLE_NUMBER.test(raw.trim())) {
          throw new WebhookError(
            "HEADER_INVALID",
            `[${packageName}] The signed timestamp${stamp.header ? ` (${stamp.header})` : ""} is missing or not a whole number.`,
          );
        }
        timestamp = raw.trim();
      }
      let id = "";
      if (options.idHeader !== undefined) {
        const raw = request.headers.get(options.idHeader);
        if (raw === null || raw.trim() === "") {
          throw new WebhookError(
            "HEADER_INVALID",
            `[${packageName}] The ${options.idHeader} header is missing.`,
          );
        }
        id = raw;
      }
      const data = content
        ? content({
            body: request.body,
            timestamp,
            id,
            url: request.url,
            method: request.method,
            headers: request.headers,
          })
        : request.body;
      const signatures = parsed.signatures.length === 1 ? parsed.signatures[0]! : parsed.signatures;
      const matched = verifyHmacNow(algorithm, keysFor(secrets), data, signatures, encoding);
      if (typeof matched === "number") {
        if (matched >= 0 && stamp) checkTimestamp(timestamp);
        return matched;
      }
      return matched.then((index) => {
        if (index >= 0 && stamp) checkTimestamp(timestamp);
        return index;
      });
    },
    async sign(input) {
      const secrets = typeof input.secret === "string" ? [input.secret] : input.secret;
      const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
      const timestamp = stamp ? String(stamp.unit === "ms" ? seconds * 1000 : seconds) : "";
      const id = input.id ?? (options.idHeader ? `msg_${crypto.randomUUID().replace(/-/g, "")}` : "");
      const data = content
        ? content({
            body: input.body,
            timestamp,
            id,
            url: input.url ?? "",
            method: input.method ?? "POST",
            headers: null,
          })
        : input.body;
      const signatures: string[] = [];
      // Node: the synchronous HMAC (the sender signs every delivery with it); Web Crypto elsewhere.
      const hmacSync = cryptoBackend.hmacSync;
      for (const secret of secrets) {
        const mac = hmacSync
          ? hmacSync(algorithm, keyFor(secret), data)
          : await hmac(algorithm, keyFor(secret), data);
        signatures.push(encodeBytes(mac, encoding));
      }
      const headers: Record<string, string> = {
        [headerName]: options.format ? options.format(signatures, timestamp) : `${prefix}${signatures[0]}`,
      };
      if (stamp?.header !== undefined) headers[stamp.header] = timestamp;
      if (options.idHeader !== undefined) headers[options.idHeader] = id;
      return { headers };
    },
  };
}

/** The key a secret becomes, made once per secret (at most 256 kept). */
function cachedBySecret<T>(make: (secret: string) => T): (secret: string) => T {
  const keys = new Map<string, T>();
  return (secret) => {
    let key = keys.get(secret);
    if (key === undefined) {
      key = make(secret);
      if (keys.size >= 256) keys.clear();
      keys.set(secret, key);
    }
    return key;
  };
}

/** The algorithms of {@link asymmetricScheme}. */
export type AsymmetricAlgorithm = "Ed25519" | "ECDSA-P256";

/** How a provider signs with a private key; see {@link asymmetricScheme}. */
export interface AsymmetricSchemeOptions {
  /** The package name, for error messages. */
  packageName: string;
  /**
   * `Ed25519` (raw 32-byte public keys and private seeds, 64-byte signatures) or `ECDSA-P256`
   * (SHA-256; DER SubjectPublicKeyInfo public keys, PKCS#8 private keys, DER signatures).
   */
  algorithm: AsymmetricAlgorithm;
  /** The header that carries the signature (any case; sent as written). */
  header: string;
  /** How the signature is written. */
  encoding: "hex" | "base64";
  /** The key bytes of a configured public key; throw `CONFIGURATION_INVALID` for a malformed one. */
  publicKey(key: string): Uint8Array;
  /** The key bytes of a private key to sign with (tests and local tools: the provider keeps its own). */
  privateKey(key: string): Uint8Array;
  /** The signed timestamp: its header, and the window (checked after the signature). */
  timestamp: {
    /** The header carrying it (any case; sent as written). */
    header: string;
    /** Seconds either way (default 300); `Infinity` turns the check off. */
    toleranceSeconds?: number;
    /** Clock (tests). */
    now?: Clock;
    /**
     * Refuse a timestamp that is not a whole number of seconds before the signature is checked
     * (default true). With false, any text is signed as it is, and must be a whole number only when
     * the window is checked.
     */
    wholeNumber?: boolean;
  };
  /** The signed bytes. Default: the timestamp's text followed by the body. */
  content?(parts: SignedContent): Uint8Array;
  /** Appended to the "header is missing" message: how to turn signing on at the provider. */
  missingHint?: string;
}

/**
 * The asymmetric family: the provider signs the timestamp and the body with its private key
 * (Discord with Ed25519, SendGrid with ECDSA P-256) and the receiver verifies with the public keys
 * it is configured with — any one verifying is enough (rotation), and the timestamp window is
 * checked after the signature. `sign` takes a private key, for tests and local tools.
 *
 * @example
 * ```ts
 * const scheme = asymmetricScheme({
 *   packageName: "@hookwire/discord",
 *   algorithm: "Ed25519",
 *   header: "X-Signature-Ed25519",
 *   encoding: "hex",
 *   timestamp: { header: "X-Signature-Timestamp", toleranceSeconds: Number.POSITIVE_INFINITY },
 *   publicKey: (hex) => fromHex(hex)!,
 *   privateKey: (hex) => fromHex(hex)!,
 * });
 * const matched = await scheme.verify(request, [process.env.DISCORD_PUBLIC_KEY!]); // 0, or -1
 * ```
 */
export function asymmetricScheme(options: AsymmetricSchemeOptions): SignatureScheme {
  const { packageName, algorithm, header, encoding, content } = options;
  const stamp = options.timestamp;
  const tolerance = checkTolerance(stamp.toleranceSeconds, packageName);
  const wholeNumber = stamp.wholeNumber ?? true;
  if (algorithm !== "Ed25519" && algorithm !== "ECDSA-P256") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Unknown asymmetric algorithm ${JSON.stringify(algorithm)}: use "Ed25519" or "ECDSA-P256".`,
    );
  }
  if (encoding !== "hex" && encoding !== "base64") {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] Unknown signature encoding ${JSON.stringify(encoding)}: use "hex" or "base64".`,
    );
  }
  const ed25519 = algorithm === "Ed25519";
  const publicKeyOf = cachedBySecret(options.publicKey);
  const described = ed25519 ? `a 64-byte ${encoding} signature` : `a ${encoding} DER ECDSA signature`;
  const signed = (parts: SignedContent): Uint8Array =>
    content ? content(parts) : concatBytes(utf8(parts.timestamp), parts.body);
  return {
    async verify(request, publicKeys) {
      const value = request.headers.get(header)?.trim();
      if (!value) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${packageName}] The ${header} header is missing.${options.missingHint ? ` ${options.missingHint}` : ""}`,
        );
      }
      const timestamp = request.headers.get(stamp.header)?.trim();
      if (timestamp === undefined || timestamp === "" || (wholeNumber && !WHOLE_NUMBER.test(timestamp))) {
        throw new WebhookError(
          "HEADER_INVALID",
          `[${packageName}] The ${stamp.header} header is missing${wholeNumber ? " or not a whole number" : ""}.`,
        );
      }
      const signature = decodeBytes(value, encoding);
      if (signature === undefined || (ed25519 ? signature.length !== 64 : signature[0] !== 0x30)) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${packageName}] The ${header} header is not ${described}.`,
        );
      }
      const keys = publicKeys.map(publicKeyOf);
      const message = signed({
        body: request.body,
        timestamp,
        id: "",
        url: request.url,
        method: request.method,
        headers: request.headers,
      });
      let matched = -1;
      for (let i = 0; i < keys.length && matched < 0; i++) {
        const ok = ed25519
          ? await ed25519Verify(keys[i]!, signature, message)
          : await ecdsaP256Verify(keys[i]!, signature, message);
        if (ok) matched = i;
      }
      if (matched >= 0 && tolerance !== Number.POSITIVE_INFINITY) {
        if (!WHOLE_NUMBER.test(timestamp)) {
          throw new WebhookError(
            "HEADER_INVALID",
            `[${packageName}] The ${stamp.header} header is not a whole number of seconds.`,
          );
        }
        assertTimestamp(Number(timestamp), { toleranceSeconds: tolerance, now: stamp.now, packageName });
      }
      return matched;
    },
    async sign(input) {
      const key = options.privateKey(typeof input.secret === "string" ? input.secret : input.secret[0]!);
      const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      const message = signed({
        body: input.body,
        timestamp,
        id: input.id ?? "",
        url: input.url ?? "",
        method: input.method ?? "POST",
        headers: null,
      });
      const signature = ed25519 ? await ed25519Sign(key, message) : await ecdsaP256Sign(key, message);
      return { headers: { [header]: encodeBytes(signature, encoding), [stamp.header]: timestamp } };
    },
  };
}

// The shared-secret family lives beside the public helpers it serves (verifyCodeQuery, …).
export {
  type SharedSecretSchemeOptions,
  type SharedSecretTransport,
  sharedSecretScheme,
} from "./code-query.js";
