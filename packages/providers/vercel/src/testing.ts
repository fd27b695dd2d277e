import {
  isPayloadObject,
  type ProviderDescriptor,
  type TestRequestInput,
  testRequest,
  utf8,
} from "@hookwire/core";
import { vercel } from "./receiver.js";
import { vercelScheme } from "./scheme.js";

/**
 * The `x-vercel-signature` value Vercel sends for a body.
 *
 * @example
 * ```ts
 * await vercelSignature('{"type":"deployment.created"}', "secret"); // 40 hex digits
 * ```
 */
export async function vercelSignature(body: string | Uint8Array, secret: string): Promise<string> {
  const { headers } = await vercelScheme.sign({ body: typeof body === "string" ? utf8(body) : body, secret });
  return headers["x-vercel-signature"]!;
}

/**
 * A correctly signed Vercel webhook `Request`, as Vercel would send it — for your own tests. An
 * object payload without `type`, `id` or `createdAt` gets them from `event`, `id` and `timestamp`;
 * a string or bytes payload is sent as it is.
 *
 * @example
 * ```ts
 * import { vercelTestRequest } from "@hookwire/vercel/testing";
 * const request = await vercelTestRequest({ secret: "secret", event: "deployment.succeeded", payload: { payload: { deployment: { url: "x.vercel.app" } } } });
 * const response = await hooks.handle(request);
 * ```
 */
export function vercelTestRequest(input: TestRequestInput): Promise<Request> {
  const payload = isPayloadObject(input.payload)
    ? {
        id: input.id ?? `evt_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
        type: input.event ?? "deployment.created",
        createdAt: Math.round((input.timestamp ?? Date.now() / 1000) * 1000),
        ...input.payload,
      }
    : input.payload;
  return testRequest(vercelScheme, { ...input, payload }, { url: "https://example.com/webhooks/vercel" });
}

/**
 * Vercel for the `hookwire` CLI and other tools: sign, send and listen with a webhook secret.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/vercel/testing";
 * const request = await descriptor.sign({ secret: "secret", event: "deployment.created", payload: { payload: {} } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "vercel",
  packageName: "@hookwire/vercel",
  sign: vercelTestRequest,
  receiver: (secret) => vercel({ secret }),
  eventOption: "the body's type when the payload has none (deployment.created…)",
};
