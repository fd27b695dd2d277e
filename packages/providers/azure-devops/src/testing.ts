import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureDevops } from "./receiver.js";

/**
 * Azure DevOps service hook for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-devops/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "azure-devops",
  packageName: "@hookwire/azure-devops",
  receiver: (code) => azureDevops({ code, allowHttp: true }),
});

/**
 * A Azure DevOps service hook webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureDevopsTestRequest } from "@hookwire/azure-devops/testing";
 * const request = await azureDevopsTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureDevopsTestRequest: TestRequestSigner = descriptor.sign;
