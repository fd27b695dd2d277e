import { jsonResponse } from "./response.js";

/**
 * The one table of error codes Hookwire uses, with the HTTP status each is answered with.
 * Every failure anywhere in Hookwire is a {@link WebhookError} with one of these codes.
 */
export const ERROR_STATUS = {
  /** A required signature (or secret) is absent from the request. */
  SIGNATURE_MISSING: 401,
  /** The signature does not match the body under any configured secret, or cannot be parsed. */
  SIGNATURE_INVALID: 401,
  /** The signed timestamp is too old or too far in the future. */
  TIMESTAMP_OUT_OF_TOLERANCE: 401,
  /** A header the provider always sends (event type, id, timestamp) is absent or malformed. */
  HEADER_INVALID: 400,
  /** The body cannot be parsed as the format the provider sends. */
  PAYLOAD_INVALID: 400,
  /** The body is larger than the configured limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** The `Content-Type` is not one the provider sends. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The HTTP method is not accepted for this receiver. */
  METHOD_NOT_ALLOWED: 405,
  /** No receiver is registered under the requested name. */
  RECEIVER_NOT_FOUND: 404,
  /** A handshake (challenge, verify token) was refused. */
  HANDSHAKE_FAILED: 403,
  /** A body parser consumed the request before Hookwire could read the raw bytes. */
  RAW_BODY_UNAVAILABLE: 500,
  /** A user handler threw. */
  HANDLER_FAILED: 500,
  /** Hookwire is set up wrongly (missing secret, bad option). */
  CONFIGURATION_INVALID: 500,
  HTTPS_REQUIRED: 403,
  /** An unexpected internal failure. */
  INTERNAL_ERROR: 500,
  /** Missing or wrong credentials for an API (management API, sender). */
  UNAUTHORIZED: 401,
  /** A resource does not exist (or belongs to another owner). */
  NOT_FOUND: 404,
  /** The request conflicts with the current state (duplicate name, wrong status). */
  CONFLICT: 409,
  /** Input failed validation. */
  VALIDATION_FAILED: 400,
  /** A subscription URL is not acceptable (scheme, format). */
  URL_INVALID: 400,
  /** A destination address is refused by the network guard (private, loopback, metadata…). */
  ADDRESS_BLOCKED: 400,
  /** An outgoing delivery attempt failed (network, timeout, non-2xx). */
  DELIVERY_FAILED: 502,
} as const;

/** A Hookwire error code. */
export type WebhookErrorCode = keyof typeof ERROR_STATUS;

const BRAND = Symbol.for("hookwire.error");

/** Options for {@link WebhookError}. */
export interface WebhookErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Override the HTTP status from the code table. */
  status?: number;
  /** Extra response headers (e.g. `Allow` for 405). */
  headers?: Record<string, string>;
}

/**
 * The error every Hookwire package throws: a string `code`, an HTTP `status` and a message that
 * starts with the package name and, for setup mistakes, ends with the fix.
 *
 * @example
 * ```ts
 * try {
 *   await github({ secret }).verify(request);
 * } catch (error) {
 *   if (WebhookError.isInstance(error) && error.code === "SIGNATURE_INVALID") return error.toResponse();
 *   throw error;
 * }
 * ```
 */
export class WebhookError extends Error {
  /** The error code, one of {@link ERROR_STATUS}'s keys. */
  readonly code: WebhookErrorCode;
  /** The HTTP status this error is answered with. */
  readonly status: number;
  /** Extra headers for the error response. */
  readonly headers: Record<string, string>;
  /** @internal Brand checked by {@link WebhookError.isInstance}. */
  readonly [BRAND] = true;

  constructor(code: WebhookErrorCode, message: string, options: WebhookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WebhookError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }

  /**
   * True for any Hookwire error, even one thrown by another copy of `@hookwire/core`
   * (a duplicate install), where `instanceof` would fail.
   *
   * @example
   * ```ts
   * if (WebhookError.isInstance(error)) console.log(error.code);
   * ```
   */
  static isInstance(value: unknown): value is WebhookError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The JSON body of this error: `{"error":{"code","message"}}`. */
  toJSON(): { error: { code: WebhookErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  /**
   * This error as a Web `Response` with its status and a JSON body.
   *
   * @example
   * ```ts
   * return new WebhookError("SIGNATURE_INVALID", "[@hookwire/github] bad signature").toResponse();
   * ```
   */
  toResponse(): Response {
    return jsonResponse(this.toJSON(), this.status, this.headers);
  }
}

/**
 * Wrap any thrown value as a {@link WebhookError}, keeping Hookwire errors as they are.
 *
 * @example
 * ```ts
 * const error = toWebhookError(caught, "INTERNAL_ERROR", "[@hookwire/core] verification failed");
 * ```
 */
export function toWebhookError(value: unknown, code: WebhookErrorCode, message: string): WebhookError {
  if (WebhookError.isInstance(value)) return value;
  return new WebhookError(code, message, { cause: value });
}
