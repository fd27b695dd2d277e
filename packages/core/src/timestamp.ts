import { WebhookError } from "./errors.js";

/** The default timestamp tolerance: 300 seconds, in both directions. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A clock, injectable for tests. Returns milliseconds since the epoch. */
export type Clock = () => number;

/**
 * A receiver's timestamp tolerance, checked when the receiver is created: a number of seconds, 0 or more
 * (`Infinity` turns the timestamp check off); `fallback` when not given. Anything else (negative, `NaN`,
 * not a number) throws `CONFIGURATION_INVALID`: a negative tolerance would refuse every request.
 *
 * @example
 * ```ts
 * const tolerance = checkTolerance(options.toleranceSeconds, "@hookwire/box", 600);
 * ```
 */
export function checkTolerance(
  toleranceSeconds: number | undefined,
  packageName: string,
  fallback = DEFAULT_TOLERANCE_SECONDS,
): number {
  const tolerance = toleranceSeconds ?? fallback;
  if (typeof tolerance !== "number" || Number.isNaN(tolerance) || tolerance < 0) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${packageName}] toleranceSeconds must be a number of seconds, 0 or more (Infinity turns the timestamp check off); got ${String(toleranceSeconds)}.`,
    );
  }
  return tolerance;
}

/**
 * Check that a signed timestamp (in seconds) is within `toleranceSeconds` of now, in both
 * directions; throws `TIMESTAMP_OUT_OF_TOLERANCE` otherwise. A tolerance of `Infinity` disables it.
 *
 * @example
 * ```ts
 * assertTimestamp(Number(header), { toleranceSeconds: 300, packageName: "@hookwire/stripe" });
 * ```
 */
export function assertTimestamp(
  timestampSeconds: number,
  options: { toleranceSeconds?: number; now?: Clock; packageName: string },
): void {
  const tolerance = checkTolerance(options.toleranceSeconds, options.packageName);
  if (!Number.isFinite(timestampSeconds)) {
    throw new WebhookError(
      "TIMESTAMP_OUT_OF_TOLERANCE",
      `[${options.packageName}] The signed timestamp is not a number.`,
    );
  }
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  const skew = nowSeconds - timestampSeconds;
  if (Math.abs(skew) > tolerance) {
    throw new WebhookError(
      "TIMESTAMP_OUT_OF_TOLERANCE",
      `[${options.packageName}] The signed timestamp is ${Math.round(Math.abs(skew))} s in the ${skew > 0 ? "past" : "future"}, beyond the tolerance of ${tolerance} s.`,
    );
  }
}

/**
 * Parse a timestamp header of whole seconds; throws `HEADER_INVALID` if it is not an integer.
 *
 * @example
 * ```ts
 * const seconds = parseTimestampSeconds(headers.get("webhook-timestamp"), "webhook-timestamp", "@hookwire/standard-webhooks");
 * ```
 */
export function parseTimestampSeconds(
  value: string | null | undefined,
  headerName: string,
  packageName: string,
): number {
  if (value === null || value === undefined || !/^\d{1,15}$/.test(value.trim())) {
    throw new WebhookError(
      "HEADER_INVALID",
      `[${packageName}] The ${headerName} header is missing or not a whole number of seconds.`,
    );
  }
  return Number(value.trim());
}
