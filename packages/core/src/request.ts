import { WebhookError } from "./errors.js";
import type { WebhookRequest } from "./types.js";

/** The default body limit: 5 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** True when the value is a Web `Request` (from any realm). */
export function isFetchRequest(value: unknown): value is Request {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Request).arrayBuffer === "function" &&
    typeof (value as Request).clone === "function"
  );
}

/**
 * Read a stream into bytes, failing with `PAYLOAD_TOO_LARGE` as soon as it passes `maxBytes`
 * (nothing past the limit is buffered).
 *
 * @example
 * ```ts
 * const body = await readLimited(request.body, 1024 * 1024);
 * ```
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  packageName = "@hookwire/core",
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: cancelling one branch of a tee (a cloned Request) settles only once the other
      // branch is cancelled too, so waiting here could hang the refusal.
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, packageName);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The `PAYLOAD_TOO_LARGE` error for a limit. */
export function tooLarge(maxBytes: number, packageName = "@hookwire/core"): WebhookError {
  return new WebhookError(
    "PAYLOAD_TOO_LARGE",
    `[${packageName}] The request body is larger than ${maxBytes} bytes. Raise maxBodyBytes if this provider sends larger bodies.`,
  );
}

/**
 * Turn a Web `Request` (or an existing `WebhookRequest`) into a `WebhookRequest` with the raw body,
 * enforcing the body limit from `Content-Length` before reading and while streaming.
 *
 * @example
 * ```ts
 * const webhookRequest = await toWebhookRequest(request, { maxBodyBytes: 1024 * 1024 });
 * ```
 */
export async function toWebhookRequest(
  input: Request | WebhookRequest,
  options: { maxBodyBytes?: number } = {},
): Promise<WebhookRequest> {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!isFetchRequest(input)) {
    if (input.body.byteLength > maxBytes) throw tooLarge(maxBytes);
    return input;
  }
  const declared = input.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (input.bodyUsed) {
    throw new WebhookError(
      "RAW_BODY_UNAVAILABLE",
      "[@hookwire/core] The request body was already read before Hookwire could verify it. Pass the request to Hookwire before reading its body (or pass request.clone()).",
    );
  }
  const body = await readLimited(input.body, maxBytes);
  return { method: input.method.toUpperCase(), url: input.url, headers: input.headers, body };
}
