import { type TestRequestInput, testBody } from "@hookwire/core";

/**
 * A generic JSON (IFTTT, Zapier…) webhook `Request`, authenticated with the `code` query
 * secret (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * const request = await genericJsonTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export async function genericJsonTestRequest(input: TestRequestInput): Promise<Request> {
  const url = new URL(input.url ?? "https://example.com/webhooks/generic-json");
  url.searchParams.set("code", input.secret);
  if (input.event) url.searchParams.set("action", input.event);
  const body = testBody(input.payload);
  return new Request(url, {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": "application/json", ...input.headers },
  });
}
