import { WebhookError } from "@hookwire/core";

/**
 * The `WebhookError` code a promise rejects with, or `"OK"` when it resolves. Any other error is
 * rethrown, so a test fails when a receiver throws something uncoded.
 *
 * @example
 * ```ts
 * expect(await codeOf(receiver.verify(tampered))).toBe("SIGNATURE_INVALID");
 * ```
 */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookError.isInstance(error)) return error.code;
    throw error;
  }
  return "OK";
}
