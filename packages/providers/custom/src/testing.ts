import { hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `ms-signature` header value an ASP.NET WebHooks sender puts on a body:
 * `sha256=` + UPPERCASE hex HMAC-SHA256 under the secret (UTF-8).
 *
 * @example
 * ```ts
 * const header = await signAspNetWebHook(body, secret); // "sha256=9F86D08…"
 * ```
 */
export async function signAspNetWebHook(body: string | Uint8Array, secret: string): Promise<string> {
  return `sha256=${(await hmacString("SHA-256", secret, body, "hex")).toUpperCase()}`;
}

/**
 * A request as an ASP.NET WebHooks sender would POST it — for your own tests. A payload with
 * `Notifications` is sent as it is; any other object becomes one notification with `Action: event`
 * (default `test`), wrapped in `{ Id, Attempt: 1, Properties: {}, Notifications }` as indented JSON.
 *
 * @example
 * ```ts
 * const request = await customTestRequest({ secret, event: "order.created", payload: { OrderId: 1 } });
 * ```
 */
export async function customTestRequest(input: TestRequestInput): Promise<Request> {
  const payload = input.payload;
  const wrapped =
    typeof payload === "object" &&
    payload !== null &&
    !(payload instanceof Uint8Array) &&
    !("Notifications" in payload)
      ? {
          Id: input.id ?? crypto.randomUUID().replace(/-/g, ""),
          Attempt: 1,
          Properties: {},
          Notifications: [{ Action: input.event ?? "test", ...(payload as Record<string, unknown>) }],
        }
      : payload;
  const body =
    typeof wrapped === "string" || wrapped instanceof Uint8Array
      ? testBody(wrapped)
      : testBody(JSON.stringify(wrapped, null, 2));
  return new Request(input.url ?? "https://example.com/webhooks/custom", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "ms-signature": await signAspNetWebHook(body, input.secret),
      ...input.headers,
    },
  });
}
