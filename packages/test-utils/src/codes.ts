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

/**
 * The code and message a promise rejects with; fails the test when it resolves instead.
 *
 * @example
 * ```ts
 * expect(await refusalOf(receiver.verify(unsigned))).toEqual({ code: "SIGNATURE_MISSING", message: expect.any(String) });
 * ```
 */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error("expected a refusal");
}
