import { type ProviderDescriptor, signatureHeader, type TestRequestInput, testRequest } from "@hookwire/core";
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
export function vercelSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return signatureHeader(vercelScheme, "x-vercel-signature", body, secret);
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
  return testRequest(vercelScheme, input, {
    url: "https://example.com/webhooks/vercel",
    fields: {
      id: input.id ?? `evt_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
      type: input.event ?? "deployment.created",
      createdAt: Math.round((input.timestamp ?? Date.now() / 1000) * 1000),
    },
  });
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
  example: {
    payload: {
      id: "uLLNPEhVfFi6C3GVQRnpZ9Yo",
      type: "deployment.created",
      createdAt: 1702568812543,
      payload: {
        team: { id: "team_XuJ3hV9HRpW3XPhQfbRWJkqe" },
        user: { id: "2KdcZtY7cSTGeMoO3ieCNxNf" },
        deployment: {
          id: "dpl_2Dw8bDbbY3rmoTFUgsqxLd6MbfZA",
          meta: { githubCommitRef: "main", githubCommitSha: "ab93a8c5cf1b0c3b34eef1fda93bf0ae93d1d9f2" },
          url: "hookwire-example-8dekrbl6c.vercel.app",
          name: "hookwire-example",
          inspectorUrl: "https://vercel.com/example/hookwire-example/2Dw8bDbbY3rmoTFUgsqxLd6MbfZA",
        },
        links: {
          deployment: "https://vercel.com/example/hookwire-example/2Dw8bDbbY3rmoTFUgsqxLd6MbfZA",
          project: "https://vercel.com/example/hookwire-example",
        },
        name: "hookwire-example",
        plan: "pro",
        project: { id: "prj_ndlgr43fadlPyCtREAqxxdyFK" },
        regions: ["iad1"],
        target: "production",
        type: "LAMBDAS",
        url: "hookwire-example-8dekrbl6c.vercel.app",
      },
      region: "iad1",
    },
    event: "deployment.created",
  },
};
