import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureContainerRegistry } from "./receiver.js";

/**
 * Azure Container Registry for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-container-registry/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "azure-container-registry",
  packageName: "@hookwire/azure-container-registry",
  receiver: (code) => azureContainerRegistry({ code, allowHttp: true }),
});

/**
 * A Azure Container Registry webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureContainerRegistryTestRequest } from "@hookwire/azure-container-registry/testing";
 * const request = await azureContainerRegistryTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureContainerRegistryTestRequest: TestRequestSigner = descriptor.sign;
