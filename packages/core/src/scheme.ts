import { assertHttps, type CodeTransportOptions, MAX_CODE_LENGTH, MIN_CODE_LENGTH } from "./code-query.js";
import {
  cryptoBackend,
  encodeBytes,
  type HmacAlgorithm,
  hmac,
  type KeyInput,
  type MacInput,
  type SignatureEncoding,
  timingSafeEqual,
  timingSafeEqualString,
  verifyHmacNow,
} from "./crypto/index.js";
import { fromBase64, toBase64, utf8 } from "./encoding.js";
import { WebhookError } from "./errors.js";
import { assertTimestamp, type Clock, DEFAULT_TOLERANCE_SECONDS } from "./timestamp.js";
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
  const header = options.header.toLowerCase();
  const stamp = options.timestamp;
  const tolerance = stamp?.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const keyOf = options.key;
  const keys = new Map<string, KeyInput>();
  const keyFor = (secret: string): KeyInput => {
    if (!keyOf) return secret;
    let key = keys.get(secret);
    if (key === undefined) {
      key = keyOf(secret);
      if (keys.size >= 256) keys.clear();
      keys.set(secret, key);
    }
    return key;
  };
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

/** Where a shared secret travels; see {@link sharedSecretScheme}. */
export type SharedSecretTransport =
  | {
      /** ASP.NET's `?code=<secret>` (or another query parameter): https required, see `allowHttp`. */
      kind: "query";
      /** The parameter (default `code`). */
      parameter?: string;
      /** Enforce ASP.NET's 32–128 characters (default true for `code`). */
      codeLength?: boolean;
    }
  | {
      /** A header that carries the secret as is (GitLab's `X-Gitlab-Token`, Telegram's secret token). */
      kind: "header";
      /** The header. */
      header: string;
      /** A prefix before the secret (`Bearer `), compared case-insensitively. */
      prefix?: string;
    }
  | {
      /** HTTP Basic: each secret is `username:password` (UTF-8). */
      kind: "basic";
    };

/** Options of {@link sharedSecretScheme}. */
export interface SharedSecretSchemeOptions extends CodeTransportOptions {
  /** The package name, for error messages. */
  packageName: string;
  /** Where the secret travels. */
  transport: SharedSecretTransport;
}

/**
 * The shared-secret family: providers that cannot sign send a secret the receiver compares in
 * constant time — in the query (ASP.NET's `code`, refused over plain http unless `allowHttp` or
 * `trustProxy` says otherwise), in a header, or as HTTP Basic credentials.
 *
 * @example
 * ```ts
 * const scheme = sharedSecretScheme({ packageName: "@hookwire/kudu", transport: { kind: "query" } });
 * const scheme2 = sharedSecretScheme({ packageName: "@hookwire/gitlab", transport: { kind: "header", header: "x-gitlab-token" } });
 * ```
 */
export function sharedSecretScheme(options: SharedSecretSchemeOptions): SignatureScheme {
  const { packageName, transport } = options;
  if (transport.kind === "query") {
    const parameter = transport.parameter ?? "code";
    const checkLength = transport.codeLength ?? parameter === "code";
    return {
      verify(request, secrets) {
        assertHttps(request, options, packageName);
        if (checkLength) for (const secret of secrets) assertCodeLength(secret, packageName);
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
        return matchIndex(received, secrets);
      },
      async sign(input) {
        const url = new URL(input.url ?? "https://example.com/webhooks");
        url.searchParams.set(parameter, typeof input.secret === "string" ? input.secret : input.secret[0]!);
        return { headers: {}, url: url.toString() };
      },
    };
  }
  if (transport.kind === "header") {
    const prefix = transport.prefix ?? "";
    return {
      verify(request, secrets) {
        let received = request.headers.get(transport.header);
        if (received !== null && prefix !== "") {
          received =
            received.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()
              ? received.slice(prefix.length)
              : null;
        }
        if (received === null || received === "") {
          throw new WebhookError(
            "SIGNATURE_MISSING",
            `[${packageName}] The ${transport.header} header is missing.`,
          );
        }
        return matchIndex(received, secrets);
      },
      async sign(input) {
        const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
        return { headers: { [transport.header]: `${prefix}${secret}` } };
      },
    };
  }
  return {
    verify(request, secrets) {
      const header = request.headers.get("authorization");
      if (!header || !/^basic\s+/i.test(header)) {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${packageName}] Basic authentication credentials are missing.`,
        );
      }
      // RFC 7617: UTF-8 bytes in base64; compared as bytes so a non-ASCII password matches.
      const decoded = fromBase64(header.replace(/^basic\s+/i, "").trim());
      if (decoded === undefined) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${packageName}] The Authorization header is malformed.`,
        );
      }
      let index = -1;
      for (let i = 0; i < secrets.length; i++) {
        if (timingSafeEqual(decoded, utf8(secrets[i]!)) && index < 0) index = i;
      }
      return index;
    },
    async sign(input) {
      const secret = typeof input.secret === "string" ? input.secret : input.secret[0]!;
      return { headers: { authorization: `Basic ${toBase64(utf8(secret))}` } };
    },
  };
}

/** The index of the secret equal to `received`, comparing against all of them (constant time). */
function matchIndex(received: string, secrets: readonly string[]): number {
  let index = -1;
  for (let i = 0; i < secrets.length; i++) {
    if (timingSafeEqualString(received, secrets[i]!) && index < 0) index = i;
  }
  return index;
}

function assertCodeLength(code: string, packageName: string): void {
  if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] The code secret must be between ${MIN_CODE_LENGTH} and ${MAX_CODE_LENGTH} characters, got ${code.length}. Generate one with \`openssl rand -hex 32\`.`,
    );
  }
}
