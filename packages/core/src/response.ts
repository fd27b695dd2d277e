/**
 * Responses Hookwire builds itself remember their body text under this symbol, so the Node bridge can
 * write it directly instead of reading the Web stream back (a measurable cost per request).
 */
export const RAW_TEXT = Symbol.for("hookwire.rawText");

/**
 * A JSON `Response` whose body text the Node bridge can write without reading the stream.
 *
 * @example
 * ```ts
 * return jsonResponse({ ok: true }, 200);
 * ```
 */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
  Object.defineProperty(response, RAW_TEXT, { value: text });
  return response;
}

/** The body text of a Response built by {@link jsonResponse}, if it is one (and unread). */
export function rawText(response: Response): string | undefined {
  const text = (response as unknown as Record<symbol, unknown>)[RAW_TEXT];
  return typeof text === "string" && !response.bodyUsed ? text : undefined;
}
