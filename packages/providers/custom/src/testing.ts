import { type ProviderDescriptor, type TestRequestInput, testBody, testRequest, utf8 } from "@hookwire/core";
import { custom } from "./receiver.js";
import { msSignatureScheme } from "./scheme.js";

/**
 * The `ms-signature` header value an ASP.NET WebHooks sender puts on a body:
 * `sha256=` + upper-case hex HMAC-SHA256 under the secret (UTF-8), from {@link msSignatureScheme}.
 *
 * @example
 * ```ts
 * import { signAspNetWebHook } from "@hookwire/custom/testing";
 * const header = await signAspNetWebHook(body, secret); // "sha256=9F86D08…"
 * ```
 */
export async function signAspNetWebHook(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await msSignatureScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
  });
  return headers["ms-signature"]!;
}

/**
 * A request as an ASP.NET WebHooks sender would POST it — for your own tests. A payload with
 * `Notifications` is sent as it is; any other object becomes one notification with `Action: event`
 * (default `test`), wrapped in `{ Id, Attempt: 1, Properties: {}, Notifications }` as indented JSON.
 *
 * @example
 * ```ts
 * import { customTestRequest } from "@hookwire/custom/testing";
 * const request = await customTestRequest({ secret, event: "order.created", payload: { OrderId: 1 } });
 * ```
 */
export function customTestRequest(input: TestRequestInput): Promise<Request> {
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
  return testRequest(msSignatureScheme, input, {
    url: "https://example.com/webhooks/custom",
    body,
    contentType: "application/json; charset=utf-8",
  });
}

/**
 * ASP.NET WebHooks senders for the `hookwire` CLI and other tools: sign, send and listen with the
 * registration's secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/custom/testing";
 * const request = await descriptor.sign({ secret: "12345678901234567890123456789012", event: "order.created", payload: { OrderId: 1 } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "custom",
  packageName: "@hookwire/custom",
  sign: customTestRequest,
  receiver: (secret) => custom({ secret }),
  secretIs: "the ASP.NET WebHooks sender's secret (ms-signature)",
  example: {
    payload: {
      Id: "7b7bc0d04ab44f2b9c1b8d0b3e4b6b0a",
      Attempt: 1,
      Properties: { StaticParamA: 10, StaticParamB: 20 },
      Notifications: [
        { Action: "event1", P1: "p1" },
        { Action: "event2", P1: "p1 ✓" },
      ],
    },
  },
};
