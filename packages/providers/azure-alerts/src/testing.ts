import { type TestRequestInput, testBody } from "@hookwire/core";

/**
 * An Azure Monitor alerts webhook `Request` as the provider sends it, authenticated with the `code` query
 * secret (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * const request = await azureAlertsTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export async function azureAlertsTestRequest(input: TestRequestInput): Promise<Request> {
  const url = new URL(input.url ?? "https://example.com/webhooks/azure-alerts");
  url.searchParams.set("code", input.secret);
  const body = testBody(input.payload);
  return new Request(url, {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": "application/json", ...input.headers },
  });
}
