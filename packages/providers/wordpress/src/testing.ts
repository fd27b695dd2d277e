import { nestedToForm, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * A WordPress.com / Jetpack webhook `Request` as the provider sends it, authenticated with the `code` query
 * secret (`input.secret`) — for your own tests. An object payload is sent as a form body (nested keys in brackets).
 *
 * @example
 * ```ts
 * const request = await wordpressTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export async function wordpressTestRequest(input: TestRequestInput): Promise<Request> {
  const url = new URL(input.url ?? "https://example.com/webhooks/wordpress");
  url.searchParams.set("code", input.secret);
  const body =
    typeof input.payload === "object" && input.payload !== null && !(input.payload instanceof Uint8Array)
      ? nestedToForm(input.payload as Record<string, unknown>)
      : testBody(input.payload);
  return new Request(url, {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": "application/x-www-form-urlencoded", ...input.headers },
  });
}
